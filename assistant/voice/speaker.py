"""Speech synthesis with pyttsx3, one utterance at a time, into audio we play ourselves.

pyttsx3 cannot interrupt its own speech and gets confused when ``say`` and ``save_to_file``
are mixed, so every utterance is synthesised to a WAV file by a worker process and played
by an interruptible player process. That is what makes
barge-in possible, and it lets ``--speak-to`` write exactly what would have been heard.
"""
from __future__ import annotations

import json
import os
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
        if self._process.stdout.readline().strip() != "ready":
            self.close()
            raise SetupError("speech synthesis is not available; install espeak-ng (`apt-get install espeak-ng libespeak-ng1`)")

    def synthesise(self, text: str) -> bytes:
        """WAV bytes of ``text`` as it should be spoken (digits one by one, addresses as words)."""
        with self._lock:
            self._count += 1
            path = self._folder / f"u{self._count}.wav"
            self._process.stdin.write(json.dumps({"text": speakable(text), "path": str(path)}) + "\n")
            self._process.stdin.flush()
            answer = self._process.stdout.readline().strip()
            if answer != "ok" or not path.exists():
                raise SetupError(f"speech synthesis failed: {answer or 'the speech worker stopped'}")
            clip = path.read_bytes()
            path.unlink()
            return clip

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.stdin.close()
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


class Player:
    """Plays WAV bytes through aplay (or paplay) and can be stopped mid-sentence from another thread (barge-in).

    ``play`` blocks until the clip ends or ``stop`` kills the player process. ``failed`` turns true when the
    player itself could not play (no audio output device), so a caller can say so once and carry on in text.
    """

    def __init__(self, command: Optional[str] = None) -> None:
        self.command = command or next((c for c in ("aplay", "paplay") if shutil.which(c)), None)
        self._process: Optional[subprocess.Popen] = None
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self.failed = False

    @property
    def available(self) -> bool:
        return self.command is not None and not self.failed

    @property
    def stopped(self) -> bool:
        return self._stopped.is_set()

    def reset(self) -> None:
        """Allow playing again after ``stop``."""
        self._stopped.clear()

    def play(self, clip: bytes) -> bool:
        """Play one clip; True when it played to the end, False when stopped, failed or unavailable."""
        if not self.available or self._stopped.is_set():
            return False
        with tempfile.NamedTemporaryFile(suffix=".wav", delete=False) as handle:
            handle.write(clip)
        try:
            args = [self.command, "-q", handle.name] if Path(self.command).name == "aplay" else [self.command, handle.name]
            with self._lock:
                if self._stopped.is_set():
                    return False
                self._process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            code = self._process.wait()
            if code != 0 and not self._stopped.is_set():
                self.failed = True
            return code == 0 and not self._stopped.is_set()
        finally:
            os.unlink(handle.name)
            with self._lock:
                self._process = None

    def stop(self) -> None:
        """Stop at once: kill the current player process, and refuse further clips until ``reset``."""
        self._stopped.set()
        with self._lock:
            process = self._process
        if process is not None and process.poll() is None:
            process.kill()
