"""The capture stage: a microphone stream on the chosen device, read in chunks and cut into phrases.

The stream runs only while something listens (a turn, or hands-free the whole time) and is paused while
the assistant thinks; what was buffered meanwhile is dropped. Phrases are found by the voice-activity
state machine (:mod:`assistant.voice.activity`) and handed on as :class:`Pcm` at the device's rate.
"""
from __future__ import annotations

import contextlib
import threading
from types import TracebackType
from typing import Any, Optional, Type

from assistant.core.errors import SetupError
from assistant.voice.activity import ActivitySettings, VoiceActivity
from assistant.voice.audio import Pcm, for_recogniser, keep_for_debugging
from assistant.voice.devices import TEXT_INSTEAD, audio_devices, capture_rate, choose_input, load_pyaudio, quiet_native_stderr
from assistant.voice.settings import VoiceSettings

CHUNK = 1024
"""Frames per read: 64 ms at 16 kHz, as SpeechRecognition's microphone read them."""
WIDTH = 2
PUSH_TO_TALK_WAIT = 8.0
"""Seconds to wait for speech to start after Enter."""
START_ENERGY = 300.0
"""The loudness threshold before any calibration (SpeechRecognition's, which this loop used before)."""
MIN_ENERGY = 100.0
"""Floor for a calibrated threshold: digital silence would otherwise set it near 0."""


class Microphone:
    """One input device, opened with ``with``; ``listen`` returns the next phrase."""

    def __init__(self, index: Optional[int], rate: int) -> None:
        self.index, self.rate = index, rate
        self._audio: Any = None
        self._stream: Any = None

    def __enter__(self) -> "Microphone":
        pyaudio = load_pyaudio()
        with quiet_native_stderr():
            self._audio = pyaudio.PyAudio()
            try:
                self._stream = self._audio.open(input_device_index=self.index, channels=1, format=pyaudio.paInt16,
                                                rate=self.rate, frames_per_buffer=CHUNK, input=True)
            except (OSError, ValueError) as error:
                self._audio.terminate()
                raise SetupError(f"cannot open the microphone ({error}). {TEXT_INSTEAD}") from error
        return self

    def __exit__(self, kind: Optional[Type[BaseException]], error: Optional[BaseException], trace: Optional[TracebackType]) -> None:
        with contextlib.suppress(Exception):
            self.pause()
            self._stream.close()
        self._audio.terminate()
        self._stream = self._audio = None

    def pause(self) -> None:
        """Stop reading from the device (nothing is buffered until ``resume``)."""
        with contextlib.suppress(Exception):
            if not self._stream.is_stopped():
                self._stream.stop_stream()

    def resume(self) -> None:
        """(Re)start the stream, dropping whatever was buffered while we were busy or speaking.

        Returns once the first block has arrived: a freshly started ALSA/PulseAudio stream loses its first
        fraction of a second, so "Listening..." is only shown when the microphone really is listening.
        """
        self.pause()
        self._stream.start_stream()
        self.read()

    def read(self) -> bytes:
        return self._stream.read(CHUNK, exception_on_overflow=False)

    def calibrate(self, machine: VoiceActivity, seconds: float) -> None:
        """Let ``machine`` learn the room's noise from ``seconds`` of audio in which nobody speaks."""
        for _ in range(int(seconds * self.rate / CHUNK)):
            machine.calibrate(self.read())

    def listen(self, machine: VoiceActivity, timeout: Optional[float] = None,
               until: Optional[threading.Event] = None) -> Optional[Pcm]:
        """The next phrase; None when none began within ``timeout`` seconds or ``until`` was set."""
        waited = 0.0
        while until is None or not until.is_set():
            chunk = self.read()
            phrase = machine.feed(chunk)
            if phrase is not None:
                return phrase
            if not machine.speaking:
                waited += len(chunk) / (WIDTH * self.rate)
                if timeout is not None and waited >= timeout:
                    return None
        return None


class Listener:
    """Turns of speech from a microphone, found as the settings ask: the room calibrated once, then a fixed
    threshold for push-to-talk or one that follows the room hands-free (``--energy-threshold`` fixes it)."""

    def __init__(self, microphone: Microphone, settings: VoiceSettings) -> None:
        self.microphone = microphone
        self.settings = settings
        self.activity = VoiceActivity(self._phrases(settings.energy), rate=microphone.rate)
        self.phrases = 0

    def _phrases(self, threshold: Optional[float]) -> ActivitySettings:
        return ActivitySettings(pause=self.settings.pause, phrase_limit=self.settings.phrase_limit, threshold=threshold,
                                floor=MIN_ENERGY)

    @property
    def threshold(self) -> float:
        return self.activity.threshold

    def calibrate(self) -> None:
        """Learn the room's loudness from the first moments (nobody speaks yet)."""
        if self.settings.energy is not None:
            return
        room = VoiceActivity(self._phrases(None), rate=self.microphone.rate, start=START_ENERGY)
        self.microphone.calibrate(room, self.settings.calibration_seconds)
        fixed = None if self.settings.hands_free else room.threshold
        self.activity = VoiceActivity(self._phrases(fixed), rate=self.microphone.rate, start=room.threshold)

    def resume(self) -> None:
        """Listen afresh: nothing heard before now is part of the next phrase."""
        self.microphone.resume()
        self.activity.reset()

    def heard(self, phrase: Pcm) -> bytes:
        """The recogniser's audio for a phrase (kept as a WAV only when asked to, for debugging)."""
        data = for_recogniser(phrase)
        self.phrases += 1
        keep_for_debugging(data, self.settings.save_audio, self.phrases)
        return data

    def push_to_talk(self) -> Optional[bytes]:
        """The phrase said after Enter (None when nobody spoke), the stream paused again afterwards."""
        try:
            phrase = self.microphone.listen(self.activity, timeout=PUSH_TO_TALK_WAIT)
        finally:
            self.microphone.pause()
        return self.heard(phrase) if phrase is not None else None

    def next_phrase(self, timeout: float) -> Optional[bytes]:
        """Hands-free: the next phrase, or None when none began within ``timeout`` seconds."""
        phrase = self.microphone.listen(self.activity, timeout=timeout)
        return self.heard(phrase) if phrase is not None else None


def open_microphone(device: Optional[str] = None) -> Microphone:
    """The microphone for ``--device`` (not yet opened), or a one-line SetupError when there is none."""
    index, chosen = choose_input(audio_devices(), device)
    return Microphone(index, capture_rate(chosen))
