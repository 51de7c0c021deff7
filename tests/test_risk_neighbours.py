"""Risk neighbours (assistant/nlu/risk_neighbours.py): a second reading of risk by meaning, and how the crisis detector
uses it: only to ask, only with nothing explained away, and only when the best other reading is a feeling or weak."""
import tarfile

import numpy as np
import pytest
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.crisis import CrisisDetector
from assistant.nlu.risk_neighbours import RISK_NEIGHBOURS, dense_sentence_vector, margin

FEELINGS = ["feeling_depressed", "feeling_drained"]


def unit(*values):
    vector = np.array(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_the_margin_is_nearest_risk_minus_nearest_others():
    risk = np.stack([unit(1, 0), unit(1, 1)])
    other = np.stack([unit(0, 1), unit(-1, 0), unit(-1, -1)])
    near_risk = margin(unit(1, 0.1), risk, other, k=1)
    assert near_risk > 0 and margin(unit(0, 1), risk, other, k=1) < 0
    assert near_risk == pytest.approx(float(unit(1, 0.1)[0] - unit(1, 0.1)[1]), abs=1e-5), "0.995 to (1, 0), less 0.0995 to (0, 1)"


def test_the_dense_vector_is_read_at_unit_length_and_sparse_features_are_ignored():
    message = Message(data={"text": "hi"})
    assert dense_sentence_vector(message) is None
    message.add_features(Features(np.array([[3.0, 4.0]]), "sentence", "text", "encoder"))
    assert np.allclose(dense_sentence_vector(message), [0.6, 0.8])


def detected(text, near, **scores):
    ranked = sorted(({"name": k, "confidence": v} for k, v in scores.items()), key=lambda r: -r["confidence"])
    message = Message(data={"text": text, "intent": dict(ranked[0]), "intent_ranking": ranked})
    if near is not None:
        message.set(RISK_NEIGHBOURS, near)
    config = {**CrisisDetector.get_default_config(), "classifier_threshold": 0.95, "check_threshold": 0.4,
              "neighbour_margin": 0.0, "neighbour_intents": FEELINGS}
    CrisisDetector(config).process([message])
    return message.get("intent")["name"], message.get("crisis")


@pytest.mark.parametrize("near, scores, asked", [
    (0.03, {"feeling_drained": 0.6, "crisis": 0.2}, True),
    (-0.01, {"feeling_drained": 0.6, "crisis": 0.2}, False),   # nearer the others
    (None, {"feeling_drained": 0.6, "crisis": 0.2}, False),    # not computed: the classifier saw too little risk
    (0.03, {"out_of_scope": 0.7, "crisis": 0.2}, False),        # a clear other reading that is not a feeling
    (0.03, {"out_of_scope": 0.2, "crisis": 0.2, "greet": 0.19}, True),  # no clear reading at all
])
def test_the_detector_asks_when_a_message_sits_among_crisis_messages(near, scores, asked):
    intent, crisis = detected("tired of being the only one who still thinks im worth keeping", near, **scores)
    assert (intent == "crisis_check") == asked, (intent, crisis)
    if asked:
        assert crisis["level"] == "check" and crisis["neighbours"] == near and crisis["reason"] == "classifier, near crisis messages"


def test_risk_explained_away_is_never_asked_about_for_being_near():
    intent, crisis = detected("my friend said she wants to die and i dont know what to do", 0.2, feeling_drained=0.6, crisis=0.2)
    assert intent != "crisis_check" and crisis["reason"] != "classifier, near crisis messages"


def test_without_the_setting_the_neighbours_are_not_read():
    ranked = [{"name": "feeling_drained", "confidence": 0.6}, {"name": "crisis", "confidence": 0.2}]
    message = Message(data={"text": "so tired lately", "intent": dict(ranked[0]), "intent_ranking": ranked, RISK_NEIGHBOURS: 0.5})
    CrisisDetector(CrisisDetector.get_default_config()).process([message])
    assert message.get("crisis")["level"] == "none"


def test_the_trained_model_keeps_the_neighbours_as_plain_arrays(model_path):
    with tarfile.open(model_path) as archive:
        names = [n for n in archive.getnames() if "RiskNeighbours" in n]
    assert any(n.endswith("risk.npy") for n in names) and any(n.endswith("other.npy") for n in names), names
