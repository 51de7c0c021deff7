"""Speech made at test time, understood end to end: recogniser, n-best crisis check and NLU.

The held-out NLU file is spoken by espeak-ng's American and British voices, flite's, and festival's two
when installed (scripts/bootstrap.sh installs them as root), at two rates, with a noisy copy of every other
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
    "moonshine": {"crisis_recall": 0.93, "ratio": 0.80, "false_alarms": 0.05},
    # sphinx-domain's garbled readings ("m h m o k k") are asked about more since session 16's social-media data
    # taught the direct question more warning signs: 11 of 72 recordings (0.153) in session 16; 13 of 72 (0.181) since
    # session 22 asks from a risk score of 0.40; moonshine, the default, unmoved
    "sphinx-domain": {"crisis_recall": CRISIS_RECALL_TARGET, "ratio": 0.60, "false_alarms": 0.19},
}
"""Floors that catch regressions (a little below what was measured, since the corpus has fewer voices where
festival is missing); the targets are the constants above. A crisis message
answered with the direct question about safety (``crisis_check``) counts as caught, and any other
message answered so as a false alarm. Measured on this repeatable corpus (10 voices, festival's among
them) with the model of 2 December (13:32): moonshine 0.972 crisis recall, 86% of text accuracy
(0.819 / 0.958), no false alarms; on all 250 speakable messages (375 recordings) 89% (0.848 / 0.952), and with
session 10's model (more training data, the direct question at a risk score of 0.5) 87% (0.841 / 0.968), 1.3% alarms;
with session 11's (n-best rescoring, social-media voices) 89.8% (0.873 / 0.972), crisis recall 0.983, 0.8% alarms
(`compassion eval --spoken tests/nlu/heldout.yml`).
Moonshine mishears espeak-ng's formant voices most ("threatening" -> "for mezzing"); on real speech it is
far better (tests/test_moonshine.py). The domain decoder's n-best list is consulted for the crisis check
only when Moonshine's reading sounds risky (engines.MOONSHINE_SECOND_OPINION, loop.SECOND_OPINION_GATE):
on the full corpus it lifts crisis recall from 0.928 to 0.972 with no more false alarms."""


@pytest.fixture(scope="module", params=[engines.DEFAULT_ENGINE, "sphinx-domain"])
def report(request, engine, tmp_path_factory):
    examples = load_examples(ROOT / "tests" / "nlu" / "heldout.yml")
    recognizer = engines.open_recognizer(request.param)
    session = VoiceSession(engine, recognizer, "spoken-corpus")
    measured = spoken_eval.evaluate(examples, engine.intent_of, session.understand, recognizer, tmp_path_factory.mktemp("spoken"),
                                    language_model.english_vocabulary(), limit=48)
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


def test_eval_spoken_reports_on_any_labelled_file(tmp_path, engine, capsys):
    """`compassion eval --spoken FILE`: the command behind the README's full-corpus voice figures
    (``engine`` only makes sure the model is trained; the command loads it itself)."""
    import re

    from assistant.cli.arguments import build_parser
    from assistant.cli.commands import HANDLERS
    from assistant.tools import synthetic_speech

    source = tmp_path / "tiny.yml"
    source.write_text('version: "3.1"\nnlu:\n- intent: greet\n  examples: |\n    - hello there\n'
                      '- intent: crisis\n  examples: |\n    - i want to kill myself tonight\n', encoding="utf-8")
    args = build_parser().parse_args(["eval", "--spoken", "--limit", "1", "--engine", "moonshine", str(source)])
    assert HANDLERS["eval"](args) == 0
    printed = capsys.readouterr().out
    recall = re.search(r"spoken crisis recall ([\d.]+) over (\d+) recordings", printed)
    assert "on the same 1 messages" in printed and recall, printed
    assert int(recall.group(2)) == len(synthetic_speech.voices()) and float(recall.group(1)) >= 0.9
    with pytest.raises(SystemExit):
        build_parser().parse_args(["eval", "--spoken", "--limit", "0", str(source)])
