"""Synthetic speech for tests and benchmarks: several voices, two speaking rates and a noisy copy.

Nobody records people for a test run, so speech is made when it is needed: espeak-ng voices
(formant synthesis, American and British), flite when it is installed (a different,
diphone-based synthesiser, closer to a human voice), and festival with Debian's voices when they are
installed: ``cmu_us_slt_arctic_hts`` (festvox-us-slt-hts, a statistical parametric voice trained on a
woman's recordings, the most natural of them) and ``kal_diphone`` (festvox-kallpc16k, a man's diphones).
A noisy copy adds pink noise 20 dB below
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


NATURAL_RATE = 160
"""flite's and festival's own pace, roughly, in words per minute."""
FESTIVAL_VOICES = {"cmu_us_slt_arctic_hts": "festvox-us-slt-hts", "kal_diphone": "festvox-kallpc16k"}
"""festival voice -> the Debian package that installs it (scripts/bootstrap.sh does, as root)."""
FESTIVAL_HOME = Path("/usr/share/festival/voices")


def festival_voices() -> List[str]:
    """The festival voices installed here (none without festival's ``text2wave``)."""
    if not shutil.which("text2wave"):
        return []
    return [name for name in FESTIVAL_VOICES if any(FESTIVAL_HOME.glob(f"*/{name}"))]


def voices() -> List[Voice]:
    """Voice variants at two rates: espeak-ng's American and British, flite's slt (else an espeak-ng
    variant), and festival's voices when installed."""
    if not shutil.which("espeak-ng"):
        raise SetupError("espeak-ng is missing: `apt-get install espeak-ng` (make test installs it when run as root)")
    names = [("espeak-ng", "en-us"), ("espeak-ng", "en-gb"), ("espeak-ng", "en-us+f3")]
    if shutil.which("flite"):
        names[2] = ("flite", "slt")
    names += [("festival", name) for name in festival_voices()]
    return [Voice(tool, name, rate) for rate in (SLOW, FAST) for tool, name in names]


def speak(text: str, voice: Voice, path: Path) -> Path:
    """Write ``text`` spoken by ``voice`` to the WAV file ``path``."""
    if voice.tool == "espeak-ng":
        command = ["espeak-ng", "-v", voice.name, "-s", str(voice.rate), "-w", str(path), text]
    elif voice.tool == "flite":
        # flite's duration stretch: 1.0 is its natural pace.
        command = ["flite", "-voice", voice.name, "--setf", f"duration_stretch={NATURAL_RATE / voice.rate:.2f}", "-t", text, "-o", str(path)]
    else:
        # HTS voices take a speed factor (hts_engine's -r); diphone voices festival's duration stretch.
        if voice.name.endswith("_hts"):
            pace = f'(set! hts_engine_params (append hts_engine_params (list (list "-r" {voice.rate / NATURAL_RATE:.2f}))))'
        else:
            pace = f"(Parameter.set 'Duration_Stretch {NATURAL_RATE / voice.rate:.2f})"
        command = ["text2wave", "-eval", f"(voice_{voice.name})", "-eval", pace, "-o", str(path)]
        subprocess.run(command, input=text, text=True, check=True, capture_output=True)
        return path
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
