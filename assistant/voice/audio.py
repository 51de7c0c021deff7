"""The audio stage: samples as a typed value, and what every captured phrase goes through before recognition.

:class:`Pcm` says what a buffer of samples is (rate, width, channels) so no stage has to guess; capture
hands phrases on as ``Pcm`` at the device's own rate, and :func:`for_recogniser` makes them the 16 kHz
mono 16-bit audio every engine takes.
"""
from __future__ import annotations

import audioop
import time
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

RATE = 16000
"""What the recognisers take: 16 kHz, 16-bit, mono."""


@dataclass(frozen=True)
class Pcm:
    """Signed little-endian PCM samples, with what is needed to read them."""

    data: bytes
    rate: int = RATE
    width: int = 2
    channels: int = 1

    @property
    def frames(self) -> int:
        return len(self.data) // (self.width * self.channels)

    @property
    def seconds(self) -> float:
        return self.frames / self.rate

    def __add__(self, other: "Pcm") -> "Pcm":
        if (other.rate, other.width, other.channels) != (self.rate, self.width, self.channels):
            raise ValueError("cannot join audio of different formats")
        return Pcm(self.data + other.data, self.rate, self.width, self.channels)


def for_recogniser(pcm: Pcm) -> bytes:
    """16 kHz 16-bit mono bytes (resampled with sox, as files are, when the device ran at another rate)."""
    data = pcm.data if pcm.width == 2 else audioop.lin2lin(pcm.data, pcm.width, 2)
    if pcm.channels == 2:
        data = audioop.tomono(data, 2, 0.5, 0.5)
    if pcm.rate != RATE:
        from assistant.voice.recognizer import resample

        data = resample(data, pcm.rate)
    return data


def keep_for_debugging(data: bytes, folder: Optional[str], number: int) -> None:
    """Write a heard phrase (16 kHz mono) to ``folder`` as a WAV file, when a folder was asked for
    (``COMPASSION_SAVE_AUDIO``); audio is otherwise never saved."""
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    with wave.open(str(Path(folder) / f"heard-{time.strftime('%Y%m%d-%H%M%S')}-{number}.wav"), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(data)
