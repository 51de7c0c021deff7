"""Synthetic speech for tests and benchmarks: several voices, two speaking rates and a noisy copy.

Nobody records people for a test run, so speech is made when it is needed: espeak-ng voices
(formant synthesis, American and British) and flite when it is installed (a different,
diphone-based synthesiser, closer to a human voice). A noisy copy adds pink noise 20 dB below
the speech, like a room with a fan or traffic outside. (White noise at that level puts most of
its energy in the high bands where speech has little, and is far harsher than rooms people talk
in: word error rate 0.60 against 0.36 for pink.)
"""
from __future__ import annotations

import math
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, List, Sequence, Set, Tuple

from assistant.core.errors import SetupError


@dataclass(frozen=True)
class Voice:
    """One way of speaking a sentence: a synthesiser, a voice name and words per minute."""

    tool: str
    name: str
    rate: int

    @property
    def label(self) -> str:
        return f"{self.tool}:{self.name}@{self.rate}"


SLOW, FAST = 140, 180
"""Speaking rates in words per minute: a slow, careful speaker and a brisk one."""


def voices() -> List[Voice]:
    """Three voice variants at two rates; flite replaces one espeak-ng voice when installed."""
    if not shutil.which("espeak-ng"):
        raise SetupError("espeak-ng is missing: `apt-get install espeak-ng` (make test installs it when run as root)")
    names = [("espeak-ng", "en-us"), ("espeak-ng", "en-gb"), ("espeak-ng", "en-us+f3")]
    if shutil.which("flite"):
        names[2] = ("flite", "slt")
    return [Voice(tool, name, rate) for rate in (SLOW, FAST) for tool, name in names]


def speak(text: str, voice: Voice, path: Path) -> Path:
    """Write ``text`` spoken by ``voice`` to the WAV file ``path``."""
    if voice.tool == "espeak-ng":
        command = ["espeak-ng", "-v", voice.name, "-s", str(voice.rate), "-w", str(path), text]
    else:
        # flite's duration stretch: 1.0 is its natural pace of roughly 160 words per minute.
        command = ["flite", "-voice", voice.name, "--setf", f"duration_stretch={160 / voice.rate:.2f}", "-t", text, "-o", str(path)]
    subprocess.run(command, check=True, capture_output=True)
    return path


def rms(path: Path) -> float:
    """Root-mean-square amplitude of an audio file, as a fraction of full scale (sox ``stat``)."""
    stats = subprocess.run(["sox", str(path), "-n", "stat"], capture_output=True, text=True, check=True).stderr
    return next(float(line.split(":")[1]) for line in stats.splitlines() if line.startswith("RMS     amplitude"))


def add_noise(source: Path, target: Path, snr_db: float = 20.0) -> Path:
    """A copy of ``source`` with pink noise ``snr_db`` below the speech's RMS level (sox)."""
    noise = target.with_suffix(".noise.wav")
    # -R: sox's repeatable mode (fixed seeds), so the same corpus, and the same figures, come out every run.
    subprocess.run(["sox", "-R", str(source), str(noise), "synth", "pinknoise"], check=True, capture_output=True)
    volume = rms(source) / math.pow(10, snr_db / 20) / max(rms(noise), 1e-9)
    subprocess.run(["sox", "-R", "-m", str(source), "-v", f"{volume:.6f}", str(noise), str(target)], check=True, capture_output=True)
    noise.unlink()
    return target


def corpus(sentences: Sequence[str], folder: Path, noisy_every: int = 2) -> List[Tuple[str, Voice, bool, Path]]:
    """Each sentence spoken by the next voice in turn; every ``noisy_every``-th also gets a noisy copy.

    Returns (sentence, voice, noisy, path) rows, so a report can break results down by voice.
    """
    folder.mkdir(parents=True, exist_ok=True)
    rows: List[Tuple[str, Voice, bool, Path]] = []
    variants = voices()
    for number, sentence in enumerate(sentences):
        voice = variants[number % len(variants)]
        clean = speak(sentence, voice, folder / f"{number:04d}.wav")
        rows.append((sentence, voice, False, clean))
        if noisy_every and number % noisy_every == 0:
            rows.append((sentence, voice, True, add_noise(clean, folder / f"{number:04d}-noisy.wav")))
    return rows


def speakable(texts: Iterable[str], vocabulary: Set[str]) -> List[str]:
    """Typed messages as a person would say them, keeping only those every word of which is English.

    Contractions and common misspellings are written out ("im" -> "i am", "wnat" -> "want");
    a message with a word outside ``vocabulary`` (a typo nobody would speak, text-speak like
    "kms") is left out rather than read out letter by letter.
    """
    from assistant.safety.lexicon import normalise

    spoken = []
    for text in texts:
        words = [w for w in normalise(text) if w != ","]
        if words and all(w in vocabulary for w in words):
            spoken.append(" ".join(words))
    return spoken
