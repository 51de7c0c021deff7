"""Voice for the page: the browser records, the project's own recogniser and synthesiser do the rest.

The page sends 16 kHz mono 16-bit WAV (it converts in the browser, so the server needs no ffmpeg);
the words are chosen from the recogniser's hypotheses exactly as in ``compassion voice``
(:func:`assistant.voice.loop.choose_hypothesis`), so a crisis in any plausible reading is answered
like a typed one. Both engines load on first use, once, off the event loop; when one cannot run
here the page is told why in one sentence and carries on in text.
"""
from __future__ import annotations

import asyncio
import io
import logging
import os
import threading
import wave
from typing import Any, Callable, Dict, List, Optional

from assistant.core.errors import SetupError

log = logging.getLogger(__name__)

RATE = 16000
MAX_SPEECH_CHARS = 2000
"""Longest text the page may ask to hear at once (a reply or an exercise step is far shorter)."""

NO_RECOGNISER = "Speech recognition isn't available on this computer ({reason}). You can type instead."
NO_SPEECH = "Spoken replies aren't available on this computer ({reason}). Every reply is still shown as text."


class BadAudio(ValueError):
    """The upload is not the WAV the page sends; the message says what was expected."""


def read_pcm(body: bytes) -> bytes:
    """The samples of a 16 kHz mono 16-bit WAV, or :class:`BadAudio`."""
    try:
        with wave.open(io.BytesIO(body), "rb") as handle:
            shape = (handle.getframerate(), handle.getnchannels(), handle.getsampwidth())
            frames = handle.readframes(handle.getnframes())
    except (wave.Error, EOFError) as error:
        raise BadAudio(f"send a WAV recording ({error})") from None
    if shape != (RATE, 1, 2):
        raise BadAudio(f"send 16 kHz mono 16-bit WAV, not {shape[0]} Hz, {shape[1]} channel(s), {8 * shape[2]}-bit")
    return frames


class Lazy:
    """One engine, built on first use in a worker thread; a failure is remembered and told, not retried."""

    def __init__(self, build: Callable[[], Any], explain: str) -> None:
        self._build = build
        self._explain = explain
        self._lock = threading.Lock()
        self._value: Any = None
        self._problem: Optional[str] = None

    def get(self) -> Any:
        with self._lock:
            if self._value is None and self._problem is None:
                try:
                    self._value = self._build()
                except SetupError as error:
                    self._problem = self._explain.format(reason=str(error).rstrip("."))
                except (OSError, ImportError) as error:
                    log.warning("speech engine failed to load (%s)", type(error).__name__)
                    self._problem = self._explain.format(reason="it could not be loaded")
            if self._problem:
                raise SetupError(self._problem)
            return self._value

    def close(self, closer: Callable[[Any], None]) -> None:
        with self._lock:
            if self._value is not None:
                closer(self._value)
                self._value = None


def _recogniser() -> Any:
    from assistant.voice.engines import DEFAULT_ENGINE, open_recognizer

    return open_recognizer(os.environ.get("COMPASSION_STT") or DEFAULT_ENGINE)  # never an online engine here


def _speaker() -> Any:
    from assistant.voice.speaker import Speaker

    return Speaker()


class BrowserVoice:
    """Hearing and speaking for the page, shared by every tab the server serves."""

    def __init__(self, recogniser: Callable[[], Any] = _recogniser, speaker: Callable[[], Any] = _speaker) -> None:
        self.recogniser = Lazy(recogniser, NO_RECOGNISER)
        self.speaker = Lazy(speaker, NO_SPEECH)

    async def hear(self, pcm: bytes) -> Any:
        """The recogniser's transcript of the samples (raises SetupError with a sentence for the page)."""
        loop = asyncio.get_running_loop()
        recogniser = await loop.run_in_executor(None, self.recogniser.get)
        return await loop.run_in_executor(None, recogniser.transcribe_pcm, pcm)

    async def speak(self, text: str) -> bytes:
        """WAV bytes of the text as the project speaks it (raises SetupError with a sentence for the page)."""
        loop = asyncio.get_running_loop()
        speaker = await loop.run_in_executor(None, self.speaker.get)
        return await loop.run_in_executor(None, speaker.synthesise, text)

    def close(self) -> None:
        self.speaker.close(lambda speaker: speaker.close())


async def voice_turn(agent: Any, transcript: Any, sender: str, actions: Any) -> Dict[str, Any]:
    """Answer what was heard as the typed turn would be, choosing the words as ``compassion voice`` does."""
    from rasa.core.channels.channel import CollectingOutputChannel

    from assistant.core.runtime import answer
    from assistant.core.text import clean
    from assistant.voice.loop import MAYBE_MISHEARD, SECOND_OPINION_GATE, as_typed, choose_by_parses, risk_in

    parses: Dict[str, Dict[str, Any]] = {}
    for reading in dict.fromkeys(map(as_typed, [transcript.text, *transcript.alternatives])):
        if clean(reading):
            parses[reading] = await agent.parse_message(clean(reading))
    if risk_in(parses.get(as_typed(transcript.text), {})) >= SECOND_OPINION_GATE:
        # Decoded here, off the event loop, so that choose_hypothesis finds it ready.
        await asyncio.get_running_loop().run_in_executor(None, transcript.second_opinion)
    hearing = choose_by_parses(transcript, lambda text: parses.get(text, {}))
    text = clean(hearing.heard)
    if not text:
        return {"heard": "", "messages": [], "note": "I didn't catch that. Could you say it again, or type it?"}
    channel = CollectingOutputChannel()
    messages, _ = await answer(agent, text, sender, channel, actions, input_channel="web")
    said: List[Dict[str, Any]] = [{"text": MAYBE_MISHEARD.text}] if hearing.from_alternative else []
    return {"heard": hearing.heard, "messages": [{"recipient_id": sender, **m} for m in said + messages]}
