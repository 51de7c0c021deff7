"""``compassion doctor``: checks each part a user needs and says how to fix what is missing."""
from __future__ import annotations

from typing import Callable, List, TextIO, Tuple

from assistant import settings as settings_module

Check = Tuple[str, Callable[[], str]]


def _model() -> str:
    from assistant.runtime import latest_model

    return latest_model(settings_module.load().models_dir).name


def _spacy() -> str:
    from assistant.nlu import spacy_pipeline

    target = settings_module.load().spacy_dir
    if not spacy_pipeline.is_current(target):
        raise RuntimeError("missing or out of date; run `make train`")
    return str(target)


def _content() -> str:
    from actions import content

    return f"{len(content.exercises())} exercises, {len(content.topics())} topics, {len(content.helplines()['countries'])} helpline entries"


def _tts() -> str:
    import pyttsx3

    try:
        engine = pyttsx3.init()
    except Exception as error:  # pyttsx3 raises bare errors when no speech engine is installed
        raise RuntimeError("no speech engine found; install one with `apt-get install espeak-ng libespeak-ng1`") from error
    return f"{len(engine.getProperty('voices'))} voices"


def _recogniser() -> str:
    from pocketsphinx import get_model_path

    return str(get_model_path())


def _microphone() -> str:
    import speech_recognition as sr

    try:
        names = sr.Microphone.list_microphone_names()
    except AttributeError as error:  # PyAudio missing
        raise RuntimeError("PyAudio is not installed (`apt-get install portaudio19-dev`, then `pip install PyAudio`); the text shell works without it") from error
    if not names:
        raise RuntimeError("no audio input device found; you can still use the text shell")
    return ", ".join(names[:5])


CHECKS: List[Check] = [
    ("trained model", _model),
    ("spaCy pipeline", _spacy),
    ("content files", _content),
    ("speech synthesis (pyttsx3)", _tts),
    ("speech recogniser model", _recogniser),
    ("microphone", _microphone),
]


def run_checks(out: TextIO) -> int:
    """Print one line per check; exit code 1 when the text shell itself cannot work."""
    essential_failed = False
    for index, (name, check) in enumerate(CHECKS):
        try:
            out.write(f"ok    {name}: {check()}\n")
        except Exception as error:  # every failure becomes advice, never a traceback
            out.write(f"MISSING {name}: {error}\n")
            essential_failed = essential_failed or index < 3
    return 1 if essential_failed else 0
