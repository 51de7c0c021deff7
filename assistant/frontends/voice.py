"""The voice front end: the stages of :mod:`assistant.voice` put together into a conversation.

Two ways to talk:

* push-to-talk (default): press Enter, speak, and a pause ends the turn. The microphone stream
  runs only while a turn is being listened to.
* hands-free (``--hands-free``): the microphone is calibrated to the room once, then every phrase
  (speech louder than the energy threshold, ended by a pause) is a turn.

A turn goes capture -> voice activity -> recognise -> understand (the runtime engine) -> speak and
play. Replies are printed ("I heard: ..." first) and spoken by an interruptible player; exercise steps
are shown and spoken one by one with their real pauses. Barge-in: while it speaks, Enter stops the
speech and the rest of the exercise; hands-free, saying "stop" does too. Without PyAudio or an input
device it says so on one line and points to the text shell. ``--audio`` answers WAV files instead.
"""
from __future__ import annotations

import json
import re
import sys
import threading
from pathlib import Path
from typing import Any, Callable, List, Optional, Set, TextIO, Tuple

from assistant.core.replies import Reply
from assistant.voice.barge_in import StopSpotter, listen_for_stop, says_stop_itself
from assistant.voice.capture import Listener
from assistant.voice.keyboard import EOF, Keyboard, stdin_is_tty
from assistant.voice.loop import VoiceSession, speech_labels
from assistant.voice.playback import Player
from assistant.voice.recognizer import Transcript
from assistant.voice.settings import VoiceSettings
from assistant.voice.speaker import Speaker

SORRY = "Sorry, I didn't catch that — could you say it again?"
HANDS_FREE_WAIT = 1.0
"""Hands-free, how often listening stops to see whether the person has left (Ctrl-D)."""
CONFIRM_BELOW = 0.4
"""A hearing's ``confidence`` (0-1) under this is confirmed before it is answered."""
YES = frozenset({"yes", "yeah", "yep", "right", "correct", "exactly", "sure"})
NO = frozenset({"no", "nope", "wrong", "not"})
Pieces = Callable[[], List[Tuple[Tuple[bytes, float], Optional[str]]]]


def words(text: str) -> List[str]:
    return re.findall(r"[a-z']+", text.lower())


class LiveVoice:
    """One live conversation: listens, answers through ``session``, speaks, and can be interrupted."""

    def __init__(self, settings: VoiceSettings, session: Any, speaker: Optional[Speaker] = None,
                 player: Optional[Player] = None, keyboard: Optional[Keyboard] = None,
                 listener: Optional[Listener] = None, spotter: Optional[StopSpotter] = None,
                 out: Optional[TextIO] = None) -> None:
        """``session`` is a :class:`VoiceSession` (or anything with its ``hear``, ``understand``,
        ``answer`` and ``speech``); ``spotter`` listens for "stop" while speaking (hands-free)."""
        self.settings = settings
        self.session = session
        self.speaker = speaker
        self.player = player or Player()
        self.keyboard = keyboard
        self.listener = listener
        self.spotter = spotter
        self.out = out or sys.stdout
        self.turn_number = 0
        self.leaving = False
        self.pending: Optional[Transcript] = None
        """A low-confidence hearing waiting for "yes"."""
        self._said_no_output = False

    # output ---------------------------------------------------------------------------------------
    def show(self, line: str) -> None:
        """Conversation text: stdout, or stderr in --json mode where stdout carries the records."""
        stream = sys.stderr if self.settings.json else self.out
        stream.write(line + "\n")
        stream.flush()

    def record(self, fields: dict) -> None:
        self.out.write(json.dumps(fields, ensure_ascii=False) + "\n")
        self.out.flush()

    # answering ------------------------------------------------------------------------------------
    def respond(self, pcm: bytes) -> None:
        """One spoken turn: nothing heard -> ask again (the engine sees nothing); a low-confidence hearing
        -> "Did you say ...?" first (never for anything that may be a crisis); else answer and speak."""
        transcript = self.session.hear(pcm)
        self.turn_number += 1
        confirmed = False
        if self.pending is not None:
            pending, self.pending = self.pending, None
            answer = set(words(transcript.text))
            if answer & YES and not answer & NO:
                transcript, confirmed = pending, True
            elif answer & NO or not transcript.text:
                return self.say_only(SORRY, heard=transcript.text)
        if not transcript.text.strip():
            return self.say_only(SORRY, heard="")
        hearing = self.session.understand(transcript)  # picks the hypothesis to act on (a crisis reading first)
        if not confirmed and hearing.confidence < CONFIRM_BELOW and not hearing.crisis:
            self.pending = transcript
            return self.say_only(f"Did you say: “{hearing.heard}”?", heard=hearing.heard)
        voice_turn = self.session.answer(transcript, hearing)
        turn = voice_turn.turn
        if not voice_turn.heard or turn is None:
            return self.say_only(SORRY, heard=voice_turn.heard)
        self.show(f"I heard: {voice_turn.heard}")
        if self.settings.json:
            for fields in turn.records(turn=self.turn_number, heard=voice_turn.heard):
                self.record(fields)
        else:
            for reply in turn.replies:
                if reply.text:
                    self.show(f"Compassion: {reply.text}")
                if reply.buttons:
                    self.show("  (you can say: " + " / ".join(b["title"] for b in reply.buttons) + ")")
        labels = speech_labels(turn)
        spoken = set(words(" ".join([r.text for r in turn.replies] + [label or "" for label in labels])))

        def pieces() -> List[Tuple[Tuple[bytes, float], Optional[str]]]:
            clips = self.session.speech(turn)
            return list(zip(clips, labels if len(labels) == len(clips) else [None] * len(clips)))

        self.speak(pieces, spoken)

    def say_only(self, text: str, heard: str) -> None:
        """A reply of our own (not the engine's): "didn't catch that", or a confirmation question."""
        self.show(f"I heard: {heard or '(nothing)'}")
        if self.settings.json:
            self.record(Reply(text).record(turn=self.turn_number, heard=heard, intent=None, confidence=0.0))
        else:
            self.show(f"Compassion: {text}")
        clip = self.speaker.synthesise(text) if self.speaker else None
        if clip:
            self.speak(lambda: [((clip, 0.0), None)], set(words(text)))

    # speaking, with barge-in ------------------------------------------------------------------------
    def speak(self, make_pieces: Pieces, spoken_words: Set[str]) -> bool:
        """Synthesise, then play every clip with its pause; Enter (or "stop" when hands-free) ends it at any
        point, synthesis included. Exercise steps are shown as they are spoken. True when it finished."""
        if self.speaker is None or self.keyboard is None:
            return True
        interrupted = threading.Event()
        self.player.reset()

        def on_key(item: object) -> None:
            if item is EOF:
                if self.settings.hands_free and not stdin_is_tty():
                    return  # hands-free with stdin not a terminal (e.g. /dev/null): its end means nothing
                self.leaving = True
            interrupted.set()
            self.player.stop()

        watcher = None
        listener = self.listener
        if self.spotter is not None and listener is not None and not says_stop_itself(spoken_words):
            watcher = threading.Thread(target=listen_for_stop, daemon=True, args=(
                listener.microphone, listener.threshold, self.spotter, listener.heard, interrupted, self.player.stop))
        with self.keyboard.intercept(on_key):
            if self.keyboard.closed:
                on_key(EOF)
            if self.player.available:
                self.show("(press Enter to stop me" + (', or say "stop")' if watcher else ")"))
            if watcher and listener is not None:
                listener.resume()
                watcher.start()
            try:
                for (clip, pause), label in ([] if interrupted.is_set() else make_pieces()):
                    if interrupted.is_set():
                        break
                    if label:
                        self.show(f"  {label}")
                    if self.player.available:
                        self.player.play(clip)
                        if self.player.failed and not self._said_no_output:
                            self._said_no_output = True
                            sys.stderr.write("compassion: no audio output device (aplay could not play); replies are shown, not spoken\n")
                    if interrupted.wait(pause if label else min(pause, 0.6)):
                        break
            finally:
                interrupted_now = interrupted.is_set()
                interrupted.set()  # ends the stop-listener too
                self.player.stop()
                if watcher:
                    watcher.join(timeout=5)
        if interrupted_now and not self.leaving:
            self.show("(stopped)")
        return not interrupted_now

    # the loop -------------------------------------------------------------------------------------
    def _more_turns(self) -> bool:
        return not self.leaving and (self.settings.turns is None or self.turn_number < self.settings.turns)

    def run(self) -> int:
        listener, keyboard = self.listener, self.keyboard
        if listener is None or keyboard is None:
            raise ValueError("a live conversation needs a microphone and a keyboard")
        if self.settings.hands_free:
            self.show("Hands-free: just talk, and a pause ends your turn. While I speak, say \"stop\" or press Enter "
                      "to stop me. Ctrl-C to leave.")
        else:
            self.show("Press Enter, then speak; a pause ends your turn. While I speak, press Enter to stop me. "
                      "Ctrl-D to leave.")
        with listener.microphone:
            listener.resume()
            listener.calibrate()
            if not self.settings.hands_free:
                listener.microphone.pause()
            while self._more_turns():
                if self.settings.hands_free:
                    listener.resume()
                    self.show("Listening...")
                    pcm = self._hands_free(listener, keyboard)
                    if pcm is None:
                        break
                else:
                    if keyboard.discard_pending():
                        break
                    self.show("[Enter to talk]")
                    if keyboard.wait_line() is EOF:
                        break
                    listener.resume()
                    self.show("Listening...")
                    pcm = listener.push_to_talk()
                    if pcm is None:
                        self.show("(I didn't hear anything. Press Enter and speak when you're ready.)")
                        continue
                self.respond(pcm)
        return 0

    def _hands_free(self, listener: Listener, keyboard: Keyboard) -> Optional[bytes]:
        """The next phrase; None when the user has left (Ctrl-D at a terminal)."""
        while not self.leaving:
            pcm = listener.next_phrase(HANDS_FREE_WAIT)
            if pcm is not None:
                return pcm
            if keyboard.discard_pending() and stdin_is_tty():
                self.leaving = True
        return None


def run_live(settings: VoiceSettings) -> int:
    """``compassion voice`` without ``--audio``: the live conversation. Ctrl-D (push-to-talk) or Ctrl-C leaves."""
    from assistant.core.runtime import Engine
    from assistant.frontends.shell import Spinner
    from assistant.voice.capture import open_microphone
    from assistant.voice.engines import open_recognizer
    from assistant.voice.speaker import resolve_voice

    microphone = open_microphone(settings.device)  # fail fast, before the model loads
    voice = resolve_voice(settings.voice)
    recognizer = open_recognizer(settings.engine, settings.allow_online)
    speaker = Speaker(rate=settings.rate, voice=voice)
    player = Player()
    if not player.available:
        sys.stderr.write("compassion: no audio player (aplay from alsa-utils); replies are shown, not spoken\n")
    engine = Engine()
    try:
        with Spinner("Waking up the assistant..."):
            engine.start()
        session = VoiceSession(engine, recognizer, settings.sender, speaker)
        spotter = StopSpotter() if settings.hands_free else None
        return LiveVoice(settings, session, speaker, player, Keyboard(), Listener(microphone, settings), spotter).run()
    except KeyboardInterrupt:
        player.stop()
        print("\nTake care of yourself. Goodbye.", flush=True)
        return 0
    finally:
        player.stop()
        engine.close()
        speaker.close()


def answer_files(settings: VoiceSettings) -> int:
    """``compassion voice --audio``: one user turn per WAV file; ``--speak-to`` writes what it would have said."""
    from assistant.core.runtime import Engine
    from assistant.voice.engines import open_recognizer
    from assistant.voice.speaker import resolve_voice, write_wav

    recognizer = open_recognizer(settings.engine, settings.allow_online)
    speaker = Speaker(rate=settings.rate, voice=resolve_voice(settings.voice)) if settings.speak_to else None
    engine = Engine()
    engine.start()
    pieces: List[Tuple[bytes, float]] = []
    try:
        session = VoiceSession(engine, recognizer, settings.sender, speaker)
        for number, name in enumerate(settings.audio, 1):
            voice_turn = session.answer_file(Path(name))
            turn = voice_turn.turn
            if settings.json:
                for fields in turn.records(turn=number, file=name, heard=voice_turn.heard) if turn else []:
                    print(json.dumps(fields, ensure_ascii=False), flush=True)
            else:
                print(f"I heard: {voice_turn.heard or '(nothing)'}")
                for reply in turn.replies if turn else []:
                    print(f"Compassion: {reply.text}")
            if turn and speaker:
                pieces += session.speech(turn)
        if speaker and settings.speak_to:
            write_wav(Path(settings.speak_to), pieces)
    finally:
        engine.close()
        if speaker:
            speaker.close()
    return 0
