"""Speech made at test time, understood end to end: recogniser, n-best crisis check and NLU.

The held-out NLU file is spoken by three voices at two rates, with a noisy copy of every other
recording (see assistant/voice/synthetic.py), and the figures are printed. Targets from the
voice issue: spoken-intent accuracy at least 90% of text accuracy, spoken crisis recall at
least 95%. Recognition speed is a benchmark figure (`make bench`), not asserted here.
"""
import pytest

from assistant.evaluation import load_examples
from assistant.voice import language_model, spoken_eval
from assistant.voice.recognizer import SphinxRecognizer
from tests.conftest import ROOT

CRISIS_RECALL_TARGET = 0.95
RATIO_FLOOR = 0.60
"""The target is 0.90 and is not met: 0.70 is measured on this repeatable corpus (printed; see the README). This
floor catches regressions in recognition or in the n-best handling while work goes on."""
FALSE_ALARM_CEILING = 0.10
"""A spoken message wrongly answered as a crisis still gets a calm, useful answer, but it should be rare."""


@pytest.fixture(scope="module")
def report(engine, tmp_path_factory):
    examples = load_examples(ROOT / "tests" / "nlu" / "heldout.yml")
    return spoken_eval.evaluate(examples, engine.intent_of, SphinxRecognizer("sphinx-domain"),
                                tmp_path_factory.mktemp("spoken"), language_model.english_vocabulary(), limit=48)


def test_spoken_crisis_messages_are_caught(report, capsys):
    with capsys.disabled():
        print("\n" + report.summary())
    assert report.crisis_recordings >= 60
    assert report.crisis_recall >= CRISIS_RECALL_TARGET


def test_spoken_intents_keep_most_of_text_accuracy(report):
    assert report.recordings >= 60 and len(report.accuracy_by_voice) >= 6
    assert report.ratio >= RATIO_FLOOR
    assert report.false_alarms <= FALSE_ALARM_CEILING
