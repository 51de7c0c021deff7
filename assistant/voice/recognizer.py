"""Offline speech-to-text with pocketsphinx: the domain model by default, the general one on request.

The decoder is built once and reused for every file or utterance (loading it is the slow part).
``alternatives`` keeps the n-best hypotheses so that a crisis heard in any plausible one is not lost.
"""
from __future__ import annotations

import audioop
import shutil
import subprocess
import time
import wave
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, List, Optional, Protocol

from assistant.core.errors import SetupError

RATE = 16000
SPHINX_ENGINES = ("sphinx-domain", "sphinx")
NOISE_FLOOR = 100.0
"""Standard deviation, in 16-bit sample units (about -50 dB below full scale), of the comfort noise
added before decoding. The acoustic model was trained on recordings that always have a noise
floor; synthetic or gated audio with stretches of exact silence derails its feature
normalisation (word error rate on espeak-ng speech 0.67 -> 0.33). A real microphone's own floor
is far above this level, so live audio is barely changed."""


@dataclass(frozen=True)
class Transcript:
    text: str
    seconds: float
    audio_seconds: float
    alternatives: List[str] = field(default_factory=list)
    crisis_checks: List[str] = field(default_factory=list)
    """Another decoder's hypotheses, for the crisis check only: they say nothing about how sure the
    engine that gave ``text`` is (see :class:`assistant.voice.engines.CrisisSecondOpinion`)."""
    later: Optional[Callable[[], List[str]]] = field(default=None, repr=False, compare=False)
    """More crisis-check hypotheses, decoded only when :meth:`second_opinion` is first asked: a second
    decoder costs as much time again as the first, and is needed only for a risky-sounding reading."""

    def second_opinion(self) -> List[str]:
        """Every hypothesis meant for the crisis check only (``crisis_checks``, then ``later``'s)."""
        return self.crisis_checks + (self.later() if self.later else [])


class Recognizer(Protocol):
    """What the voice loop needs of a speech-to-text engine (see assistant/voice/engines.py)."""

    def transcribe_pcm(self, pcm: bytes) -> Transcript: ...

    def transcribe(self, path: Path) -> Transcript: ...


def load_wav(path: Path) -> bytes:
    """16 kHz mono 16-bit PCM from a WAV file of any common rate, width and channel count."""
    try:
        with wave.open(str(path), "rb") as handle:
            width, channels, rate = handle.getsampwidth(), handle.getnchannels(), handle.getframerate()
            frames = handle.readframes(handle.getnframes())
    except (OSError, EOFError, wave.Error) as error:
        raise SetupError(f"cannot read audio file {path}: {str(error) or 'not a WAV file'}") from error
    if width != 2:
        frames = audioop.lin2lin(frames, width, 2)
    if channels == 2:
        frames = audioop.tomono(frames, 2, 0.5, 0.5)
    elif channels != 1:
        raise SetupError(f"cannot read audio file {path}: {channels} channels")
    if rate != RATE:
        frames = resample(frames, rate)
    return frames


def with_noise_floor(pcm: bytes, seed: int = 2024) -> bytes:
    """``pcm`` with faint Gaussian comfort noise from a fixed seed, so results repeat exactly."""
    import numpy as np

    samples = np.frombuffer(pcm, dtype=np.int16).astype(np.float32)
    samples += np.random.default_rng(seed).normal(0.0, NOISE_FLOOR, samples.shape).astype(np.float32)
    return np.clip(samples, -32768, 32767).astype(np.int16).tobytes()


def resample(pcm: bytes, rate: int) -> bytes:
    """16 kHz audio: sox's high-quality resampler when it is installed, else a polyphase filter.

    Decoding is sensitive to the filter: audioop's ratecv aliased badly enough to change words,
    and even scipy's polyphase filter lost words that sox's output kept. ``-D`` turns off sox's
    random dither so that results repeat; the comfort noise added before decoding has a fixed seed.
    """
    if shutil.which("sox"):
        result = subprocess.run(
            ["sox", "-D", "-t", "raw", "-r", str(rate), "-e", "signed", "-b", "16", "-c", "1", "-",
             "-t", "raw", "-r", str(RATE), "-e", "signed", "-b", "16", "-c", "1", "-"],
            input=pcm, capture_output=True, check=False,
        )
        if result.returncode == 0:
            return result.stdout
    from math import gcd

    import numpy as np
    from scipy.signal import resample_poly

    step = gcd(rate, RATE)
    samples = np.frombuffer(pcm, dtype=np.int16).astype(np.float32)
    converted = resample_poly(samples, RATE // step, rate // step)
    return np.clip(converted, -32768, 32767).astype(np.int16).tobytes()


class SphinxRecognizer:
    """pocketsphinx with the project's domain language model (``sphinx-domain``) or its general one."""

    def __init__(self, engine: str = "sphinx-domain", nbest: int = 20) -> None:
        from pocketsphinx import Decoder, get_model_path

        from assistant.voice import language_model

        if engine not in SPHINX_ENGINES:
            raise SetupError(f"unknown pocketsphinx engine {engine!r}; choose one of {', '.join(SPHINX_ENGINES)}")
        if engine == "sphinx-domain":
            folder = language_model.model_dir()
            if not (folder / "domain.lm").exists():
                raise SetupError("the domain speech model is missing; run `make train`")
            lm, dictionary = folder / "domain.lm", folder / "domain.dict"
        else:
            lm, dictionary = Path(get_model_path("en-us/en-us.lm.bin")), Path(get_model_path("en-us/cmudict-en-us.dict"))
        self.nbest = nbest
        self.decoder = Decoder(hmm=get_model_path("en-us/en-us"), lm=str(lm), dict=str(dictionary), loglevel="FATAL")

    def transcribe_pcm(self, pcm: bytes) -> Transcript:
        started = time.monotonic()
        self.decoder.start_utt()
        self.decoder.process_raw(with_noise_floor(pcm), full_utt=True)
        self.decoder.end_utt()
        hypothesis = self.decoder.hyp()
        text = hypothesis.hypstr if hypothesis else ""
        alternatives: List[str] = []
        if text:
            for best, _ in zip(self.decoder.nbest(), range(self.nbest)):
                if best.hypstr and best.hypstr not in alternatives:
                    alternatives.append(best.hypstr)
        return Transcript(text, time.monotonic() - started, len(pcm) / (2 * RATE), alternatives)

    def transcribe(self, path: Path) -> Transcript:
        return self.transcribe_pcm(load_wav(path))
