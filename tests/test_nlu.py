"""Understanding on held-out messages the model never saw in training."""
import json

import pytest

from assistant.tools.evaluation import evaluate, load_examples
from tests.conftest import ROOT

HELD_OUT = ROOT / "tests" / "nlu" / "heldout.yml"
FRESH = ROOT / "tests" / "nlu" / "fresh.yml"
"""Written later, by someone who saw neither the training data nor heldout.yml (see the README for how it has been used)."""
STRANGERS = ROOT / "tests" / "nlu" / "strangers.yml"
"""Written blind by a helper in many people's voices (typos, text-speak, other Englishes); see the README for how it has been used."""
THERAPY = ROOT / "tests" / "nlu" / "therapy_questions.yml"
"""Long questions in the style of an ask-a-therapist forum, written blind by a helper."""
EIGHTH = ROOT / "tests" / "nlu" / "strangers_eighth.yml"
"""All 27 intents in many voices, written blind by a helper in session 22 (see the README for how it has been used)."""
TRAINING = sorted((ROOT / "data" / "nlu").glob("*.yml"))


@pytest.mark.parametrize("held_out", [HELD_OUT, FRESH, STRANGERS, THERAPY, EIGHTH], ids=["heldout", "fresh", "strangers", "therapy", "eighth"])
def test_held_out_file_is_not_in_the_training_data(held_out):
    training = {text.lower() for path in TRAINING for text, _ in load_examples(path)}
    overlap = [text for text, _ in load_examples(held_out) if text.lower() in training]
    assert not overlap, overlap[:5]


@pytest.fixture(scope="module")
def heldout_report(engine):
    return evaluate(engine.agent, HELD_OUT)


@pytest.fixture(scope="module", params=[HELD_OUT, FRESH, STRANGERS, THERAPY, EIGHTH], ids=["heldout", "fresh", "strangers", "therapy", "eighth"])
def report(engine, request):
    return request.getfixturevalue("heldout_report") if request.param == HELD_OUT else evaluate(engine.agent, request.param)


def test_held_out_intents(report, capsys, request):
    with capsys.disabled():
        print(f"\nheld-out NLU ({request.node.callspec.id}): {report.total} messages, accuracy {report.accuracy:.3f}, macro-F1 {report.macro_f1:.3f}, "
              f"crisis recall {report.crisis_recall:.3f}, crisis FP rate {report.crisis_false_positive_rate:.3f}")
    assert report.macro_f1 >= 0.85
    assert report.accuracy >= 0.85


def test_held_out_crisis_is_rarely_missed(report):
    assert report.crisis_recall >= 0.85
    assert report.crisis_false_positive_rate <= 0.03


def test_classifier_features_are_the_matrix_rasa_builds(engine, monkeypatch):
    """assistant/nlu/classifier.py builds the sparse and dense blocks in one step each; side by side they must be Rasa's matrix, entry for entry."""
    from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
    from scipy.sparse import hstack

    from assistant.nlu import classifier

    seen = []
    build = classifier.sentence_features
    monkeypatch.setattr(classifier, "sentence_features", lambda messages, dense: build(seen.extend(messages if not dense else []) or messages, dense))
    for text, _ in load_examples(HELD_OUT)[::6]:
        engine.parse(text)
    assert len(seen) > 50
    monkeypatch.undo()
    ours = hstack([classifier.sentence_features(seen, dense=False), classifier.sentence_features(seen, dense=True)], format="csr")
    ours.sum_duplicates()
    rasas = LogisticRegressionClassifier._create_X(None, seen)
    assert classifier.sentence_features(seen, dense=True).shape[1] == 768  # the encoder's vector is there: mean and maximum, 384 each
    assert ours.shape == rasas.shape and ours.dtype == rasas.dtype
    for part in ("indptr", "indices", "data"):
        assert (getattr(ours, part) == getattr(rasas, part)).all(), part


def test_the_classifier_matrix_is_normalise_then_hstack(engine, monkeypatch):
    """feature_matrix builds in one step what scikit-learn's normalize and scipy's hstack built, on real messages
    and on a message with no sparse features at all."""
    import numpy as np
    from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
    from rasa.shared.nlu.training_data.features import Features
    from rasa.shared.nlu.training_data.message import Message
    from scipy.sparse import coo_matrix, hstack
    from sklearn.preprocessing import normalize

    from assistant.nlu import classifier

    seen = []
    build = classifier.sentence_features
    monkeypatch.setattr(classifier, "sentence_features", lambda messages, dense: build(seen.extend(messages if not dense else []) or messages, dense))
    for text, _ in load_examples(HELD_OUT)[::9]:
        engine.parse(text)
    monkeypatch.undo()
    empty = Message(data={TEXT: "?"}, features=[Features(coo_matrix(np.zeros((1, seen[0].features[0].features.shape[1]))), FEATURE_TYPE_SENTENCE, TEXT, "a"),
                                                 Features(np.ones((1, 3)), FEATURE_TYPE_SENTENCE, TEXT, "b")])
    for messages in (seen, [empty]):
        sparse = [Message(data={TEXT: m.get(TEXT)}, features=[f for f in m.features if f.type == FEATURE_TYPE_SENTENCE and not f.is_dense()]) for m in messages]
        expected = hstack([normalize(build(messages, dense=False), norm="l2"), build(messages, dense=True) * 0.5], format="csr")
        got = classifier.feature_matrix(messages, normalise=True, dense_weight=0.5)
        assert got.shape == expected.shape and (got.indptr == expected.indptr).all() and (got.indices == expected.indices).all()
        assert np.allclose(got.data, expected.data, rtol=0, atol=1e-15)
        plain = classifier.feature_matrix(messages, normalise=False, dense_weight=2.0)
        unscaled = hstack([build(messages, dense=False), build(messages, dense=True) * 2.0], format="csr")
        assert (plain.indices == unscaled.indices).all() and np.allclose(plain.data, unscaled.data, rtol=0, atol=1e-15)
        assert classifier.feature_matrix(sparse, normalise=False, dense_weight=1.0).shape[1] == build(messages, dense=False).shape[1]


def test_punctuation_does_not_change_what_a_message_means(engine, heldout_report):
    """A full stop or an ellipsis at the end of a message must not change its intent, let alone make it a crisis."""
    from assistant.nlu.tokenizer import is_punctuation

    assert is_punctuation("...") and is_punctuation("?!") and not is_punctuation("😢") and not is_punctuation("n't")
    examples = load_examples(HELD_OUT)
    for ending in (".", "...", "!"):
        changed = [text for text, _ in examples
                   if engine.intent_of(text.rstrip(".!? ") + ending) != engine.intent_of(text)]
        assert len(changed) <= len(examples) // 50, (ending, changed[:5])
        alarms = [text for text, intent in examples
                  if intent != "crisis" and engine.intent_of(text.rstrip(".!? ") + ending) == "crisis"]
        assert len(alarms) <= heldout_report.total * heldout_report.crisis_false_positive_rate + 1, (ending, alarms[:5])


def test_every_exercise_button_is_read_as_asking_for_that_exercise(engine):
    """A button's payload goes through NLU like typed words (actions/exercises.py), so each must read as a
    request for an exercise, whatever new training data does to nearby words ("hold", "out")."""
    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from actions import content
    from actions.exercises import start_exercise

    dispatcher = CollectingDispatcher()
    everything = list(content.exercises().values())
    start_exercise(dispatcher, Tracker("t", {}, {}, [], False, None, {}, ""), everything[0], everything)
    payloads = [b["payload"] for m in dispatcher.messages for b in m.get("buttons") or []]
    assert len(payloads) == len(everything)
    for payload in payloads:
        parse = engine.parse(payload)
        assert parse["intent"]["name"] == "request_exercise" and parse["intent"]["confidence"] >= 0.6, (payload, parse["intent"])


def test_a_file_mixing_kinds_is_also_scored_kind_by_kind(tmp_path):
    """A crisis message caught only by the question counts as caught in its kind; a safe one asked about
    counts as an alert in its own kind, not in the other."""
    from assistant.tools.evaluation import group_lines, load_groups, score

    rows = [("the tweet i wrote about ending it", "crisis", "tweet_crisis"), ("my last tweet", "crisis", "tweet_crisis"),
            ("what a game tonight", "out_of_scope", "tweet_control"), ("lunch was great", "out_of_scope", "tweet_control")]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(json.dumps({"text": t, "expected_intent": e, "kind": k}) for t, e, k in rows), encoding="utf-8")
    report = score([e for _, e, _ in rows], ["crisis_check", "greet", "crisis_check", "out_of_scope"], [t for t, _, _ in rows],
                   groups=load_groups(path))
    assert report.groups["tweet_crisis"] == {"total": 2, "accuracy": 0.5, "crisis_recall": 0.5}
    assert report.groups["tweet_control"] == {"total": 2, "accuracy": 0.5, "crisis_answer_rate": 0.0, "alert_rate": 0.5}
    assert len(group_lines(report)) == 2


def test_a_source_is_grouped_by_its_split_without_the_detail(tmp_path):
    from assistant.tools.evaluation import load_groups

    path = tmp_path / "clinc.jsonl"
    path.write_text("\n".join(json.dumps({"text": t, "expected_intent": "out_of_scope", "source": s}) for t, s in
                              [("a", "repo:data/file.json oos_val"), ("b", "repo:data/file.json train (order)")]), encoding="utf-8")
    assert load_groups(path) == {"a": "oos_val", "b": "train"}
    assert load_groups(HELD_OUT) == {}
