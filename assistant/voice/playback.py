"""The playback stage: WAV clips played through aplay (or paplay), stoppable mid-sentence (barge-in)."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Optional

PLAYERS = ("aplay", "paplay")


def player_command() -> Optional[str]:
    """The audio player to use: aplay (alsa-utils) when installed, else PulseAudio's paplay, else None."""
    return next((command for command in PLAYERS if shutil.which(command)), None)


class Player:
    """Plays WAV bytes and can be stopped mid-sentence from another thread (barge-in).

    ``play`` blocks until the clip ends or ``stop`` kills the player process. ``failed`` turns true when the
    player itself could not play (no audio output device), so a caller can say so once and carry on in text.
    """

    def __init__(self, command: Optional[str] = None) -> None:
        self.command = command or player_command()
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
        if self.command is None or self.failed or self._stopped.is_set():
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
