"""Choosing the speech-to-text engine: offline by default, optional engines only with a local model,
online only when asked for (assistant/voice/engines.py)."""
from __future__ import annotations

import importlib.machinery
import json
import logging
import sys
import types
from pathlib import Path

import pytest

from assistant.core.errors import SetupError
from assistant.voice import engines
from assistant.voice.loop import CRISIS, choose_hypothesis
from assistant.voice.recognizer import RATE, SphinxRecognizer
from tests.conftest import run_cli


def fake_module(monkeypatch: pytest.MonkeyPatch, name: str, **attributes: object) -> types.ModuleType:
    """Stand-in for an optional library that is not installed here (the unit under test is our adapter)."""
    module = types.ModuleType(name)
    module.__spec__ = importlib.machinery.ModuleSpec(name, None)
    for key, value in attributes.items():
        setattr(module, key, value)
    monkeypatch.setitem(sys.modules, name, module)
    return module


def test_the_default_engine_is_moonshine_and_pocketsphinx_stays_selectable():
    assert engines.DEFAULT_ENGINE == "moonshine" and engines.ENGINES[engines.DEFAULT_ENGINE].offline
    assert isinstance(engines.open_recognizer("sphinx-domain"), SphinxRecognizer)
    assert all(info.offline for name, info in engines.ENGINES.items() if name != "google")


def test_an_online_engine_is_refused_unless_allowed_and_then_warns(caplog):
    with pytest.raises(SetupError, match="--allow-online"):
        engines.open_recognizer("google")
    with caplog.at_level(logging.WARNING):
        recognizer = engines.open_recognizer("google", allow_online=True)
    assert isinstance(recognizer, engines.CrisisSecondOpinion) and isinstance(recognizer.primary, engines.OnlineRecognizer)
    assert any("over the internet" in record.getMessage() for record in caplog.records)


def test_optional_engine_without_its_library_or_model_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("COMPASSION_WHISPER_MODEL", str(tmp_path / "nowhere"))
    if importlib.util.find_spec("faster_whisper") is None:
        with pytest.raises(SetupError, match="pip install faster-whisper"):
            engines.open_recognizer("whisper")
    fake_module(monkeypatch, "faster_whisper")
    with pytest.raises(SetupError, match="COMPASSION_WHISPER_MODEL") as raised:
        engines.open_recognizer("whisper")
    assert str(tmp_path / "nowhere") in str(raised.value) and "nothing is downloaded" in str(raised.value)


def test_cli_names_the_missing_piece_without_a_traceback(tmp_path):
    done = run_cli(["transcribe", "--engine", "vosk", str(tmp_path / "x.wav")],
                   env={"COMPASSION_VOSK_MODEL": str(tmp_path / "no-model")})
    assert done.returncode == 1
    assert b"Traceback" not in done.stderr and b"vosk" in done.stderr
    online = run_cli(["voice", "--engine", "google", "--audio", str(tmp_path / "x.wav")])
    assert online.returncode == 1 and b"--allow-online" in online.stderr


def test_vosk_alternatives_reach_the_crisis_check(tmp_path, monkeypatch):
    class KaldiRecognizer:
        def __init__(self, model: object, rate: int) -> None:
            assert rate == RATE
            self.audio = b""

        def SetMaxAlternatives(self, count: int) -> None:  # noqa: N802 (Vosk's API)
            self.count = count

        def AcceptWaveform(self, pcm: bytes) -> bool:  # noqa: N802
            self.audio += pcm
            return True

        def FinalResult(self) -> str:  # noqa: N802
            assert self.count == engines.ALTERNATIVES and self.audio
            return json.dumps({"alternatives": [{"text": "i want to end my wife", "confidence": 0.9},
                                                {"text": "i want to end my life", "confidence": 0.8},
                                                {"text": "i want to end my wife", "confidence": 0.7}]})

    fake_module(monkeypatch, "vosk", Model=lambda path: Path(path), KaldiRecognizer=KaldiRecognizer, SetLogLevel=lambda level: None)
    (tmp_path / "model").mkdir()
    monkeypatch.setenv("COMPASSION_VOSK_MODEL", str(tmp_path / "model"))
    transcript = engines.open_recognizer("vosk").transcribe_pcm(b"\x00\x01" * RATE)
    assert transcript.text == "i want to end my wife"
    assert transcript.alternatives == ["i want to end my wife", "i want to end my life"]
    assert transcript.audio_seconds == pytest.approx(1.0)
    hearing = choose_hypothesis(transcript, lambda text: "out_of_scope")
    assert hearing.crisis and hearing.intent == CRISIS and hearing.heard == "i want to end my life"


def test_a_one_hypothesis_engine_gets_the_domain_decoders_n_best_for_the_crisis_check(tmp_path):
    """The primary engine mishears a spoken crisis message; the domain decoder's list still catches it."""
    from assistant.tools import synthetic_speech
    from assistant.voice.recognizer import Transcript

    class Mishearing:
        def transcribe_pcm(self, pcm: bytes) -> Transcript:
            return Transcript("i have been thinking about hiking myself", 0.1, len(pcm) / (2 * RATE), [])

        def transcribe(self, path: Path) -> Transcript:
            raise AssertionError("files are read once, by the wrapper")

    recording = synthetic_speech.speak("I have been thinking about hurting myself",
                                synthetic_speech.Voice("espeak-ng", "en-us", synthetic_speech.SLOW), tmp_path / "said.wav")
    transcript = engines.CrisisSecondOpinion(Mishearing(), SphinxRecognizer("sphinx-domain")).transcribe(recording)
    assert transcript.text == "i have been thinking about hiking myself"
    assert transcript.alternatives == [] and len(transcript.second_opinion()) > 1
    assert transcript.seconds == pytest.approx(0.1) and transcript.audio_seconds > 1.0
    hearing = choose_hypothesis(transcript, lambda text: "out_of_scope")
    assert hearing.crisis and hearing.from_alternative and "myself" in hearing.heard
    calm = choose_hypothesis(Transcript("can we do a breathing exercise", 0.1, 1.0, [], ["can we do a breathing exercise",
                                        "can we do a reading exercise", "can we go a breathing exercise"]),
                             lambda text: "request_exercise" if "breathing" in text else "out_of_scope")
    assert not calm.crisis and calm.confidence == 1.0, "a second decoder's list must not make the engine look unsure"


def test_the_direct_question_about_safety_counts_as_crisis_for_voice():
    """A hearing read as crisis_check (the assistant asks whether they are safe) is never held back by "Did you say"."""
    from assistant.voice.recognizer import Transcript

    hearing = choose_hypothesis(Transcript("i do not see the point any more", 0.1, 1.0, ["i do not see the point any more",
                                                                                         "i do not see the pint any more"]),
                                lambda text: "crisis_check" if "point" in text else "out_of_scope")
    assert hearing.crisis and hearing.intent == "crisis_check" and hearing.confidence == 1.0
    two = choose_hypothesis(Transcript("i am fine", 0.1, 1.0, ["i am fine", "i am done", "i am done now"]),
                            lambda text: "crisis_check" if "done" in text else "feeling_better")
    assert two.crisis and two.from_alternative


def test_recognised_words_reach_nlu_as_people_type_them():
    from assistant.voice.loop import as_typed

    assert as_typed("He is outside the door, and I am scared. I' hurt me.") == "he is outside the door and i am scared i hurt me"
    assert as_typed("Remind me at 3 p.m. to breathe, to-night!") == "remind me at 3pm to breathe tonight"
    assert as_typed("I'm fine at 10:30.") == "i'm fine at 10:30" and as_typed(" ... ") == ""


def test_the_second_decoders_list_is_heard_only_when_the_words_already_sound_risky():
    """Its hypotheses count through the crisis lexicon, and only when the classifier gives the primary
    reading some risk: unrestricted, the domain decoder invents crisis phrases in ordinary speech."""
    from assistant.voice.loop import SECOND_OPINION_GATE
    from assistant.voice.recognizer import Transcript

    heard = Transcript("Thinking and mending it all tonight.", 0.1, 1.0, ["Thinking and mending it all tonight."],
                       ["thinking of ending it all tonight", "thinking of ending it all tonight please"])
    calm = choose_hypothesis(heard, lambda text: "out_of_scope", lambda text: 0.0)
    assert not calm.crisis and calm.heard == "thinking and mending it all tonight"
    risky = choose_hypothesis(heard, lambda text: "out_of_scope", lambda text: SECOND_OPINION_GATE)
    assert risky.crisis and risky.from_alternative and risky.heard == "thinking of ending it all tonight"
    classifier_only = Transcript("i feel odd", 0.1, 1.0, [], ["i feel awful", "i feel awful today"])
    assert not choose_hypothesis(classifier_only, lambda text: "crisis" if "awful" in text else "out_of_scope",
                                 lambda text: 0.9).crisis, "the second list's classifier readings never count"


def test_the_second_decoder_runs_only_when_the_crisis_check_asks_and_then_once():
    from assistant.voice.recognizer import Transcript

    class Counting:
        calls = 0

        def transcribe_pcm(self, pcm: bytes) -> Transcript:
            Counting.calls += 1
            return Transcript("", 0.0, 1.0, ["i want to end my life"])

    class Primary:
        def transcribe_pcm(self, pcm: bytes) -> Transcript:
            return Transcript("can we do a breathing exercise", 0.1, 1.0, [])

    calm = engines.CrisisSecondOpinion(Primary(), Counting()).transcribe_pcm(b"\0" * 32000)
    assert not choose_hypothesis(calm, lambda text: "request_exercise", risk_of=lambda text: 0.01).crisis
    assert Counting.calls == 0, "a calm reading must not pay for a second decoder"
    risky = engines.CrisisSecondOpinion(Primary(), Counting()).transcribe_pcm(b"\0" * 32000)
    hearing = choose_hypothesis(risky, lambda text: "request_exercise", risk_of=lambda text: 0.5)
    assert hearing.crisis and hearing.from_alternative and Counting.calls == 1
    assert risky.second_opinion() == ["i want to end my life"] and Counting.calls == 1


def test_a_not_understood_reading_gives_way_to_a_near_one_but_never_to_saying_you_are_safe():
    from assistant.voice.recognizer import Transcript

    def intent_of(text):
        return {"can we do a breathing exercise": "request_exercise", "i am safe now": "confirm_safe", "no": "deny"}.get(text, "nlu_fallback")

    misheard = Transcript("can we do a breeding ex her size", 0.1, 1.0, ["can we do a breeding ex her size", "can we do a breathing exercise"])
    hearing = choose_hypothesis(misheard, intent_of)
    assert hearing.heard == "can we do a breathing exercise" and hearing.intent == "request_exercise" and not hearing.from_alternative
    for alternative in ("i am safe now", "no"):
        unclear = Transcript("i am say fnow", 0.1, 1.0, ["i am say fnow", alternative])
        kept = choose_hypothesis(unclear, intent_of)
        assert kept.heard == "i am say fnow" and kept.intent == "nlu_fallback", "ending crisis mode must be what was heard best"


def test_an_alternative_whose_meaning_is_clearly_surer_is_taken_but_never_for_answers_or_risk():
    from assistant.voice.loop import RESCORE_MARGIN, SECOND_OPINION_GATE
    from assistant.voice.recognizer import Transcript

    readings = {"that is riot": ("out_of_scope", 0.45), "that is right": ("affirm", 0.93),
                "that is bright": ("out_of_scope", 0.5), "i am fine": ("confirm_safe", 0.99), "no": ("deny", 0.99),
                "yes i have": ("affirm", 0.55), "yes i half": ("greet", 0.9), "know": ("out_of_scope", 0.95),
                "que tal": ("other_language", 1.0), "paul is this pleased": ("nlu_fallback", 1.0),
                "pause this please": ("stop", 0.6), "pores this please": ("out_of_scope", 0.3),
                "i am so done": ("feeling_drained", 0.4), "i am sun dune": ("out_of_scope", 0.9)}

    def choose(best: str, *others: str, risk: float = 0.0):
        heard = Transcript(best, 0.1, 1.0, [best, *others])
        return choose_hypothesis(heard, lambda text: readings[text][0], lambda text: risk if text == best else 0.0,
                                 lambda text: readings[text][1])

    surer = choose("that is riot", "that is right")
    assert (surer.heard, surer.intent, surer.from_alternative) == ("that is right", "affirm", False)
    assert surer.confidence == 0.0, "the best reading, now another's, disagrees"
    near = choose("that is riot", "that is bright")  # 0.05 surer: within the margin, the best reading stands
    assert 0.5 - 0.45 < RESCORE_MARGIN and near.heard == "that is riot"
    for kept in ("i am fine", "no", "que tal"):
        assert choose("that is riot", kept).heard == "that is riot", "never taken from an alternative"
    assert choose("that is right", "that is riot").heard == "that is right"
    # an answer heard best stays: "yes" to the question about suicide, and "no", are what was said
    assert choose("yes i have", "yes i half").heard == "yes i have"
    assert choose("no", "know").heard == "no"
    # a reading with some risk is not swapped for a calmer one
    assert choose("i am so done", "i am sun dune", risk=SECOND_OPINION_GATE).heard == "i am so done"
    assert choose("i am so done", "i am sun dune").heard == "i am sun dune"
    # not understood counts as no confidence at all: the surest understood alternative, not merely the first
    assert choose("paul is this pleased", "pores this please", "pause this please").heard == "pause this please"
