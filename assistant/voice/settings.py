"""Everything `compassion voice` was asked to do, as one frozen value built once from the command line."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

from assistant.core.errors import SetupError
from assistant.core.settings import LOCAL_SENDER
from assistant.voice.engines import DEFAULT_ENGINE
from assistant.voice.speaker import DEFAULT_RATE

RATES = (80, 400)
"""Speaking rates espeak-ng can say clearly, words per minute."""


@dataclass(frozen=True)
class VoiceSettings:
    engine: str = DEFAULT_ENGINE
    allow_online: bool = False
    sender: str = LOCAL_SENDER
    json: bool = False
    audio: Tuple[str, ...] = ()
    """WAV files, one user turn each, instead of the microphone."""
    speak_to: Optional[str] = None
    """Where ``--audio`` writes what it would have said."""
    hands_free: bool = False
    pause: float = 0.9
    """Seconds of quiet that end a turn."""
    phrase_limit: float = 20.0
    """Longest turn, seconds."""
    energy: Optional[float] = None
    """A fixed loudness threshold; None calibrates to the room."""
    calibrate: Optional[float] = None
    """Seconds of room noise to calibrate on (default 1.0 hands-free, 0.5 otherwise)."""
    device: Optional[str] = None
    """Input device index or part of its name; None is the system's default."""
    rate: int = DEFAULT_RATE
    voice: Optional[str] = None
    turns: Optional[int] = None
    """Leave after this many turns (for scripts)."""
    save_audio: Optional[str] = None
    """A folder to keep every heard phrase in, for debugging (``COMPASSION_SAVE_AUDIO``)."""

    def __post_init__(self) -> None:
        if not RATES[0] <= self.rate <= RATES[1]:
            raise SetupError(f"--rate {self.rate} is outside {RATES[0]}-{RATES[1]} words per minute (default {DEFAULT_RATE})")

    @property
    def calibration_seconds(self) -> float:
        if self.calibrate is not None:
            return max(0.0, float(self.calibrate))
        return 1.0 if self.hands_free else 0.5
