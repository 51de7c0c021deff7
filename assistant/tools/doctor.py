"""``compassion doctor``: checks each part a user needs and says how to fix what is missing."""
from __future__ import annotations

from typing import Callable, List, NamedTuple, TextIO

from assistant.core import settings as settings_module


class Check(NamedTuple):
    """One part of the set-up: its name, how to check it (a description, or an exception with advice), and
    whether the text shell needs it (then a failure makes ``doctor`` exit 1)."""

    name: str
    run: Callable[[], str]
    essential: bool = False


def _model() -> str:
    from assistant.core.runtime import latest_model

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
    """The default engine's model (Moonshine base), hash-checked as the engine checks it; pocketsphinx's beside it."""
    from pocketsphinx import get_model_path

    from assistant.core.errors import SetupError
    from assistant.voice.moonshine_model import model_dir, read_checked

    try:
        read_checked()
    except SetupError as error:
        raise RuntimeError(f"{error}; meanwhile --engine sphinx-domain works") from error
    return f"moonshine base in {model_dir()}; pocketsphinx in {get_model_path()}"


def _engines() -> str:
    from assistant.voice.engines import describe

    return "; ".join(describe())


def _device_list(names: List[str], limit: int = 8) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _audio_devices() -> dict:
    from assistant.core.errors import SetupError
    from assistant.voice.devices import describe_devices

    try:
        return describe_devices()
    except SetupError:
        raise  # without PyAudio: its message says what to install and that text works meanwhile
    except Exception as error:  # whatever PortAudio raises
        raise RuntimeError(f"the audio devices could not be listed ({type(error).__name__}); the text shell works without them") from error


def _microphone() -> str:
    devices = _audio_devices()
    if not devices["inputs"]:
        raise RuntimeError("no audio input device found (no microphone); `compassion chat` works without one")
    names = _device_list(devices["inputs"])
    if devices["pulse_sources"]:
        names += f"; sound server inputs: {_device_list(devices['pulse_sources'])}"
    return names


def _speaker() -> str:
    from assistant.voice.playback import player_command

    player = player_command()
    if player is None:
        raise RuntimeError("no audio player; install one with `apt-get install alsa-utils` (replies are shown as text meanwhile)")
    try:
        devices = _audio_devices()
    except RuntimeError:  # without PyAudio the output devices cannot be listed, but aplay may still play
        return f"{player} (install PyAudio to list output devices)"
    if not devices["outputs"]:
        raise RuntimeError(f"no audio output device found; {player} has nowhere to play, so replies are shown as text")
    names = _device_list(devices["outputs"])
    if devices["pulse_sinks"]:
        names += f"; sound server outputs: {_device_list(devices['pulse_sinks'])}"
    return f"{player} -> {names}"


CHECKS: List[Check] = [
    Check("trained model", _model, essential=True),
    Check("spaCy pipeline", _spacy, essential=True),
    Check("content files", _content, essential=True),
    Check("speech synthesis (pyttsx3)", _tts),
    Check("speech recogniser model", _recogniser),
    Check("speech-to-text engines (--engine)", _engines),
    Check("audio input (microphone)", _microphone),
    Check("audio output (speaker)", _speaker),
]


def run_checks(out: TextIO) -> int:
    """Print one line per check; exit code 1 when the text shell itself cannot work."""
    essential_failed = False
    for check in CHECKS:
        try:
            out.write(f"ok    {check.name}: {check.run()}\n")
        except Exception as error:  # every failure becomes advice, never a traceback
            out.write(f"MISSING {check.name}: {error}\n")
            essential_failed = essential_failed or check.essential
    return 1 if essential_failed else 0
