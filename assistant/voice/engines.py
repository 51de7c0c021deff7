"""Which speech-to-text engine turns audio into words, chosen by ``--engine`` or ``COMPASSION_STT``.

- ``moonshine`` (default): Moonshine base, a general English recogniser trained on real voices, from a
  pinned wheel installed with the project (:mod:`assistant.voice.moonshine`).
- ``sphinx-domain`` and ``sphinx``: pocketsphinx, offline, shipped with the project; the domain model
  knows only the assistant's own sentences, so it hears anything new as one of them.
- ``vosk`` and ``whisper``: offline too, for people who have put a model on this machine
  themselves (nothing is ever downloaded). Their libraries are optional
  (``.venv/bin/pip install vosk`` or ``faster-whisper``). SpeechRecognition's own wrappers for
  these reload the model on every call and look for Vosk's model inside their own package, so
  the same libraries are called directly, with the model loaded once.
- ``google``: SpeechRecognition's online recogniser. Audio leaves the machine, so it is refused
  unless ``--allow-online`` is given, and says so on every start.

Every engine returns a :class:`Transcript`; those that can give alternatives (pocketsphinx,
Vosk) do, so the crisis check over the n-best list works the same way. Whisper and Google give one
hypothesis only, so the domain decoder listens alongside them and its n-best list goes to the
crisis check (:class:`CrisisSecondOpinion`); so does Moonshine's, whose beams mostly differ in
punctuation: see :data:`MOONSHINE_SECOND_OPINION`.
"""
from __future__ import annotations

import functools
import json
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

from assistant.core.errors import SetupError
from assistant.core.settings import ROOT
from assistant.voice.recognizer import RATE, Recognizer, SphinxRecognizer, Transcript, load_wav

log = logging.getLogger(__name__)

ALTERNATIVES = 10
ONLINE_WARNING = ("the {name} engine sends your recorded voice over the internet to {company}; "
                  "nothing else in Compassion leaves this machine")


@dataclass(frozen=True)
class EngineInfo:
    offline: bool
    summary: str
    model_variable: Optional[str] = None
    default_model: Optional[Path] = None
    package: Optional[str] = None
    module: Optional[str] = None

    def model_path(self) -> Optional[Path]:
        if self.model_variable is None:
            return None
        return Path(os.environ.get(self.model_variable) or self.default_model or "").expanduser()


DEFAULT_ENGINE = "moonshine"
ENGINES: Dict[str, EngineInfo] = {
    "moonshine": EngineInfo(True, "Moonshine base on ONNX Runtime, from the pinned moonshine-cpp wheel (default)"),
    "sphinx-domain": EngineInfo(True, "pocketsphinx with a language model built from this assistant's sentences"),
    "sphinx": EngineInfo(True, "pocketsphinx with its general English language model"),
    "vosk": EngineInfo(True, "Vosk (Kaldi), with a model you unpacked on this machine", "COMPASSION_VOSK_MODEL",
                       ROOT / "models" / "speech" / "vosk", "vosk", "vosk"),
    "whisper": EngineInfo(True, "Whisper through faster-whisper, with a CTranslate2 model folder on this machine",
                          "COMPASSION_WHISPER_MODEL", ROOT / "models" / "speech" / "whisper", "faster-whisper", "faster_whisper"),
    "google": EngineInfo(False, "Google's web speech service through SpeechRecognition (online: needs --allow-online)"),
}


class PcmRecognizer:
    """Shared by the engines below: files are read as 16 kHz mono PCM, then recognised."""

    def transcribe_pcm(self, pcm: bytes) -> Transcript:
        raise NotImplementedError

    def transcribe(self, path: Path) -> Transcript:
        return self.transcribe_pcm(load_wav(path))


class VoskRecognizer(PcmRecognizer):
    def __init__(self, model: Path) -> None:
        import vosk

        vosk.SetLogLevel(-1)
        self._vosk = vosk
        self.model = vosk.Model(str(model))

    def transcribe_pcm(self, pcm: bytes) -> Transcript:
        started = time.monotonic()
        recognizer = self._vosk.KaldiRecognizer(self.model, RATE)
        recognizer.SetMaxAlternatives(ALTERNATIVES)
        recognizer.AcceptWaveform(pcm)
        result = json.loads(recognizer.FinalResult())
        hypotheses = [a.get("text", "").strip() for a in result.get("alternatives", [])] or [result.get("text", "").strip()]
        hypotheses = [h for h in dict.fromkeys(hypotheses) if h]  # ordered, without repeats
        text = hypotheses[0] if hypotheses else ""
        return Transcript(text, time.monotonic() - started, len(pcm) / (2 * RATE), hypotheses)


class WhisperRecognizer(PcmRecognizer):
    def __init__(self, model: Path) -> None:
        from faster_whisper import WhisperModel

        self.model = WhisperModel(str(model), device="cpu", compute_type="int8", cpu_threads=os.cpu_count() or 1,
                                  local_files_only=True)

    def transcribe_pcm(self, pcm: bytes) -> Transcript:
        import numpy as np

        started = time.monotonic()
        samples = np.frombuffer(pcm, dtype=np.int16).astype(np.float32) / 32768.0
        segments, _ = self.model.transcribe(samples, language="en", beam_size=5)
        text = " ".join(segment.text.strip() for segment in segments).strip()
        return Transcript(text, time.monotonic() - started, len(pcm) / (2 * RATE), [text] if text else [])


class OnlineRecognizer(PcmRecognizer):
    def __init__(self) -> None:
        import speech_recognition as sr

        self._sr = sr
        self.recognizer = sr.Recognizer()

    def transcribe_pcm(self, pcm: bytes) -> Transcript:
        started = time.monotonic()
        try:
            text = self.recognizer.recognize_google(self._sr.AudioData(pcm, RATE, 2))
        except self._sr.UnknownValueError:
            text = ""
        except self._sr.RequestError as error:
            raise SetupError(f"the online speech service could not be reached ({error}); "
                             "the offline engines work without a connection: --engine moonshine") from None
        return Transcript(text.lower(), time.monotonic() - started, len(pcm) / (2 * RATE), [text.lower()] if text else [])


class CrisisSecondOpinion(PcmRecognizer):
    """A one-hypothesis engine for the words, with the domain decoder's n-best list for the crisis check.

    Measured on synthetic speech (6 voices, 108 crisis recordings): Whisper tiny.en alone
    caught 92% of spoken crisis messages, and 99% with this second opinion; other messages
    answered as a crisis rose from none to 2-7%, the sphinx-domain engine's rate. The words acted
    on stay the primary engine's unless an alternative reads as a crisis, and the second list
    does not count towards "Did you say ...?" (:attr:`Transcript.crisis_checks`).
    """

    def __init__(self, primary: Recognizer, domain: Recognizer) -> None:
        self.primary = primary
        self.domain = domain

    def transcribe_pcm(self, pcm: bytes) -> Transcript:
        heard = self.primary.transcribe_pcm(pcm)
        # Decoded only if the crisis check asks for it (Transcript.second_opinion), and then once.
        second = functools.lru_cache(maxsize=1)(lambda: self.domain.transcribe_pcm(pcm).alternatives)
        return Transcript(heard.text, heard.seconds, heard.audio_seconds, heard.alternatives,
                          crisis_checks=heard.crisis_checks, later=second)


MOONSHINE_SECOND_OPINION = True
"""Whether the domain decoder's n-best list goes to the crisis check beside Moonshine. Its hypotheses are
used only as :data:`assistant.voice.loop.SECOND_OPINION_GATE` says (a risky-sounding primary reading, the
crisis lexicon alone): unrestricted, they invented crisis phrases in ordinary speech ("i have got a knife")
and answered 6-24% of other recordings as a crisis. On beckett.wav (a person reading) none of its 18
hypotheses holds crisis language."""


def _with_second_opinion(name: str, primary: Recognizer) -> Recognizer:
    try:
        return CrisisSecondOpinion(primary, SphinxRecognizer("sphinx-domain"))
    except SetupError as error:
        log.warning("the %s engine gives one hypothesis and the crisis check has no second opinion: %s", name, error)
        return primary


def _model_or_explain(name: str, info: EngineInfo) -> Path:
    import importlib.util

    path = info.model_path()
    if info.module is None or path is None or importlib.util.find_spec(info.module) is None:
        raise SetupError(f"the {name} engine needs the {info.package} package, which is not installed: "
                         f".venv/bin/pip install {info.package}")
    if not path.is_dir():
        raise SetupError(f"the {name} engine needs a model folder on this machine and found none at {path}; "
                         f"unpack one there or set {info.model_variable} (nothing is downloaded for you)")
    return path


def open_recognizer(name: str, allow_online: bool = False) -> Recognizer:
    """The recogniser for an engine name, loaded once; a clear error when it cannot be used here."""
    info = ENGINES.get(name)
    if info is None:
        raise SetupError(f"unknown speech engine {name!r}; choose one of {', '.join(ENGINES)}")
    if name in ("sphinx-domain", "sphinx"):
        return SphinxRecognizer(name)
    if name == "moonshine":
        from assistant.voice.moonshine import MoonshineRecognizer

        recognizer = MoonshineRecognizer()
        return _with_second_opinion(name, recognizer) if MOONSHINE_SECOND_OPINION else recognizer
    if not info.offline:
        if not allow_online:
            raise SetupError(f"the {name} engine is online: your voice would leave this machine. "
                             "Add --allow-online if that is what you want.")
        log.warning(ONLINE_WARNING.format(name=name, company="Google"))
        return _with_second_opinion(name, OnlineRecognizer())
    model = _model_or_explain(name, info)
    if name == "vosk":
        return VoskRecognizer(model)
    return _with_second_opinion(name, WhisperRecognizer(model))


def describe() -> List[str]:
    """One short state per engine for `compassion doctor`: whether it can run here, and why not."""
    import importlib.util

    states = []
    for name, info in ENGINES.items():
        path = info.model_path()
        if name == "moonshine":
            state = _moonshine_state()
        elif not info.offline:
            state = "online, only with --allow-online"
        elif info.module and importlib.util.find_spec(info.module) is None:
            state = f"needs `pip install {info.package}` and a model in {path} (${info.model_variable})"
        elif path is not None and not path.is_dir():
            state = f"no model in {path} (${info.model_variable})"
        else:
            state = "ready"
        states.append(f"{name} {state}")
    return states


def _moonshine_state() -> str:
    """Ready when onnxruntime imports and every model file is there with its pinned sha256."""
    import importlib.util

    from assistant.voice.moonshine_model import read_checked

    if importlib.util.find_spec("onnxruntime") is None:
        return "needs onnxruntime: .venv/bin/pip install -r requirements.lock"
    try:
        read_checked()
    except SetupError as error:
        return str(error).replace("the moonshine engine needs", "needs")
    return "ready (default)"
