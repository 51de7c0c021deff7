"""The speak stage: speech synthesis with pyttsx3, one utterance at a time, into audio we play ourselves.

pyttsx3 cannot interrupt its own speech and gets confused when ``say`` and ``save_to_file``
are mixed, so every utterance is synthesised to a WAV file by a worker process and played
by an interruptible player process (:mod:`assistant.voice.playback`). That is what makes
barge-in possible, and it lets ``--speak-to`` write exactly what would have been heard.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import threading
import wave
from pathlib import Path
from typing import List, Optional, Tuple

from assistant.core.errors import SetupError
from assistant.voice.speech_text import speakable

DEFAULT_RATE = 155  # words per minute: calm and a little slow (pyttsx3's default is 200)


class Speaker:
    """Synthesises text to WAV bytes through a pyttsx3 worker process (see ``tts_worker``)."""

    def __init__(self, rate: int = DEFAULT_RATE, voice: Optional[str] = None) -> None:
        self._folder = Path(tempfile.mkdtemp(prefix="compassion-tts-"))
        self._lock = threading.Lock()
        self._count = 0
        command = [sys.executable, "-m", "assistant.voice.tts_worker", str(rate)] + ([voice] if voice else [])
        self._process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            cwd=str(Path(__file__).resolve().parents[2]),
        )
        assert self._process.stdin is not None and self._process.stdout is not None  # both are pipes
        self._stdin, self._stdout = self._process.stdin, self._process.stdout
        if self._stdout.readline().strip() != "ready":
            self.close()
            raise SetupError("speech synthesis is not available; install espeak-ng (`apt-get install espeak-ng libespeak-ng1`)")

    def synthesise(self, text: str) -> bytes:
        """WAV bytes of ``text`` as it should be spoken (digits one by one, addresses as words)."""
        with self._lock:
            self._count += 1
            path = self._folder / f"u{self._count}.wav"
            self._stdin.write(json.dumps({"text": speakable(text), "path": str(path)}) + "\n")
            self._stdin.flush()
            answer = self._stdout.readline().strip()
            if answer != "ok" or not path.exists():
                raise SetupError(f"speech synthesis failed: {answer or 'the speech worker stopped'}")
            clip = path.read_bytes()
            path.unlink()
            return clip

    def close(self) -> None:
        if self._process.poll() is None:
            self._stdin.close()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
        shutil.rmtree(self._folder, ignore_errors=True)


def write_wav(path: Path, pieces: List[Tuple[bytes, float]]) -> None:
    """Join WAV clips, each followed by its pause in seconds, into one file."""
    params = None
    frames = bytearray()
    for clip, pause in pieces:
        with tempfile.NamedTemporaryFile(suffix=".wav") as handle:
            handle.write(clip)
            handle.flush()
            with wave.open(handle.name, "rb") as source:
                params = params or source.getparams()
                frames += source.readframes(source.getnframes())
        if params and pause > 0:
            frames += b"\x00" * int(pause * params.framerate) * params.sampwidth * params.nchannels
    if params is None:
        raise SetupError("nothing to speak")
    with wave.open(str(path), "wb") as out:
        out.setparams(params)
        out.writeframes(bytes(frames))


def resolve_voice(voice: Optional[str]) -> Optional[str]:
    """Check ``--voice`` against espeak-ng's voices (espeak silently falls back on unknown names)."""
    if not voice or not shutil.which("espeak-ng"):
        return voice
    base = voice.split("+", 1)[0].lower()
    try:
        listing = subprocess.run(["espeak-ng", "--voices"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        return voice
    known = set()
    for line in listing.splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 5:
            known.update({parts[1].lower(), parts[3].lower(), parts[4].lower()})
    if base not in known:
        raise SetupError(f"unknown voice {voice!r}; try en-us, en-gb, en-us+f3 (a female variant); `espeak-ng --voices=en` lists them")
    return voice
