"""Speech made at test time, understood end to end: recogniser, n-best crisis check and NLU.

The held-out NLU file is spoken by three voices at two rates, with a noisy copy of every other
recording (see assistant/tools/synthetic_speech.py), and the figures are printed for the default engine
(moonshine) and for sphinx-domain. Targets from the voice issues: spoken-intent accuracy at least
90% of text accuracy, spoken crisis recall at least 95%. The same 48 messages (spread evenly over the
file, so the subset is fixed) and every short crisis message are spoken each run: all 250 speakable
messages would take moonshine about six minutes here. Recognition speed is a benchmark figure
(`make bench`, tests/test_moonshine.py), not asserted here.
"""
from typing import Dict

import pytest

from assistant.tools import spoken_eval
from assistant.tools.evaluation import load_examples
from assistant.voice import engines, language_model
from assistant.voice.loop import VoiceSession
from tests.conftest import ROOT

CRISIS_RECALL_TARGET = 0.95
FLOORS: Dict[str, Dict[str, float]] = {
    "moonshine": {"crisis_recall": 0.85, "ratio": 0.78, "false_alarms": 0.10},
    "sphinx-domain": {"crisis_recall": CRISIS_RECALL_TARGET, "ratio": 0.60, "false_alarms": 0.15},
}
"""Where the targets are not met, floors that catch regressions while work goes on. A crisis message
answered with the direct question about safety (``crisis_check``) counts as caught, and any other
message answered so as a false alarm. Measured on this repeatable corpus with the model of 2 December
(05:48): moonshine 0.898 crisis recall, 84% of text accuracy (0.806 / 0.958), 3% false alarms;
sphinx-domain 0.954, 71% and 11%. With the model before it: moonshine 0.926, 85%, none; sphinx-domain
0.963, 71%, 8%. Moonshine was trained on real voices and mishears espeak-ng's formant voices most
("threatening" -> "for mezzing"); on real speech it is far better (tests/test_moonshine.py). Pairing it
with the domain decoder's n-best list caught every crisis recording but answered 6% of the other
recordings as a crisis (none without it), so it is not paired (engines.MOONSHINE_SECOND_OPINION)."""


@pytest.fixture(scope="module", params=[engines.DEFAULT_ENGINE, "sphinx-domain"])
def report(request, engine, tmp_path_factory):
    examples = load_examples(ROOT / "tests" / "nlu" / "heldout.yml")
    recognizer = engines.open_recognizer(request.param)
    session = VoiceSession(engine, recognizer, "spoken-corpus")
    measured = spoken_eval.evaluate(examples, engine.intent_of, recognizer, tmp_path_factory.mktemp("spoken"),
                                    language_model.english_vocabulary(), limit=48, risk_of=session.risk_of)
    return request.param, measured


def test_spoken_crisis_messages_are_caught(report, capsys):
    name, measured = report
    with capsys.disabled():
        print(f"\n{name}: " + measured.summary())
    assert measured.crisis_recordings >= 60
    assert measured.crisis_recall >= FLOORS[name]["crisis_recall"]


def test_spoken_intents_keep_most_of_text_accuracy(report):
    name, measured = report
    assert measured.recordings >= 60 and len(measured.accuracy_by_voice) >= 6
    assert measured.ratio >= FLOORS[name]["ratio"]
    assert measured.false_alarms <= FLOORS[name]["false_alarms"]
