"""The voice-activity stage: finding phrases in a stream of audio frames.

:class:`VoiceActivity` is a pure state machine: frames go in, whole phrases come out as :class:`Pcm`, with
no device, thread or clock involved, so every rule of it is tested without hardware
(tests/test_voice_activity.py). Live capture (:mod:`assistant.voice.capture`) and hands-free barge-in
(:mod:`assistant.voice.barge_in`) both listen through it.
"""
from __future__ import annotations

import audioop
from collections import deque
from dataclasses import dataclass
from typing import Deque, List, Optional

from assistant.voice.audio import RATE, Pcm


@dataclass(frozen=True)
class ActivitySettings:
    """When a phrase starts and ends; the defaults are the microphone loop's own."""

    pause: float = 0.9
    """Seconds of quiet that end a phrase."""
    phrase_limit: float = 20.0
    """A phrase is cut off after this many seconds, even if the speaker goes on."""
    min_speech: float = 0.15
    """Loud audio shorter than this (a knock, a click) is not a phrase."""
    lead: float = 0.3
    """Audio kept from before the phrase was noticed, so its first sound is not clipped."""
    threshold: Optional[float] = None
    """A fixed RMS threshold; None follows the room's noise, as SpeechRecognition's dynamic one does."""
    floor: float = 100.0
    """The adaptive threshold never falls under this: digital silence would otherwise set it near 0."""
    ratio: float = 1.5
    """The adaptive threshold is this many times the room's recent loudness."""


class VoiceActivity:
    """Frames in, phrases out: quiet -> speaking (loud enough) -> quiet again for ``pause`` -> a phrase."""

    def __init__(self, settings: ActivitySettings = ActivitySettings(), rate: int = RATE, width: int = 2,  # noqa: B008 (frozen, so one shared default is safe)
                 start: Optional[float] = None) -> None:
        """``start``: where an adaptive threshold begins (a calibrated level), else its floor."""
        self.settings = settings
        self.rate, self.width = rate, width
        if settings.threshold is not None:
            self.threshold = settings.threshold
        else:
            self.threshold = max(settings.floor, start if start is not None else settings.floor)
        self._lead: Deque[bytes] = deque()
        self._phrase: List[bytes] = []
        self._loud_seconds = self._quiet_seconds = self._phrase_seconds = 0.0

    @property
    def speaking(self) -> bool:
        return bool(self._phrase)

    def feed(self, frame: bytes) -> Optional[Pcm]:
        """Take one frame (any length, 10-50 ms is usual); a whole phrase when this frame ends one."""
        seconds = len(frame) / (self.width * self.rate)
        loud = audioop.rms(frame, self.width) > self.threshold
        if not self._phrase:
            if loud:
                self._phrase = list(self._lead) + [frame]
                self._loud_seconds, self._quiet_seconds = seconds, 0.0
                self._phrase_seconds = sum(len(f) for f in self._phrase) / (self.width * self.rate)
                self._lead.clear()
                return None
            self._adapt(frame, seconds)
            self._keep_lead(frame)
            return None
        self._phrase.append(frame)
        self._phrase_seconds += seconds
        if loud:
            self._loud_seconds += seconds
            self._quiet_seconds = 0.0
        else:
            self._quiet_seconds += seconds
        if self._quiet_seconds >= self.settings.pause or self._phrase_seconds >= self.settings.phrase_limit:
            return self._finish()
        return None

    def calibrate(self, frame: bytes) -> None:
        """Learn the room from a frame known to hold no speech (the loop's calibration second)."""
        self._adapt(frame, len(frame) / (self.width * self.rate))

    def reset(self) -> None:
        """Forget the audio so far (the stream was paused), keeping what was learnt of the room."""
        self._lead.clear()
        self._phrase, self._loud_seconds, self._quiet_seconds, self._phrase_seconds = [], 0.0, 0.0, 0.0

    def flush(self) -> Optional[Pcm]:
        """The phrase in progress when the audio ends (None if there is none)."""
        return self._finish() if self._phrase else None

    def _finish(self) -> Optional[Pcm]:
        phrase, loud = b"".join(self._phrase), self._loud_seconds
        self._phrase, self._loud_seconds, self._quiet_seconds, self._phrase_seconds = [], 0.0, 0.0, 0.0
        if loud < self.settings.min_speech:
            return None
        return Pcm(phrase, self.rate, self.width)

    def _keep_lead(self, frame: bytes) -> None:
        self._lead.append(frame)
        limit = self.settings.lead * self.rate * self.width
        while self._lead and sum(len(f) for f in self._lead) - len(self._lead[0]) >= limit:
            self._lead.popleft()

    def _adapt(self, frame: bytes, seconds: float) -> None:
        """Follow the room's loudness while nobody speaks (an exponential average over about a second).

        Only quiet frames and calibration reach it: like SpeechRecognition's dynamic threshold, noise
        that starts loud (a fan switched on) is taken for a phrase until the phrase limit."""
        if self.settings.threshold is not None:
            return
        level = audioop.rms(frame, self.width) * self.settings.ratio
        weight = min(1.0, seconds)
        self.threshold = max(self.settings.floor, (1 - weight) * self.threshold + weight * level)
