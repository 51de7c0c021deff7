"""Live voice: talk by microphone, hear the replies, interrupt them.

Two ways to talk:

* push-to-talk (default): press Enter, speak, and a pause ends the turn. The microphone stream
  runs only while a turn is being listened to.
* hands-free (``--hands-free``): the microphone is calibrated to the room once, then every phrase
  (speech louder than the energy threshold, ended by a pause) is a turn.

Replies are printed ("I heard: ..." first), synthesised by the pyttsx3 worker and played by an
interruptible player; exercise steps are shown and spoken one by one with their real pauses.
Barge-in: while it speaks, Enter stops the speech and the rest of the exercise; in hands-free
mode saying "stop" does too. Without PyAudio or an input device it says so on one line and points
to the text shell.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from typing import Callable, Dict, Iterator, List, Optional, Sequence, Tuple, Union

from assistant.core.errors import SetupError

SORRY = "Sorry, I didn't catch that — could you say it again?"
TEXT_INSTEAD = "You can keep talking in text: compassion chat"
RATE = 16000
PUSH_TO_TALK_WAIT = 8.0  # seconds to wait for speech to start after Enter
MIN_ENERGY = 100.0  # floor for a calibrated threshold: digital silence would otherwise set it near 0
STOP_WORD = "stop"  # said while it speaks (hands-free), it stops the speech
STOP_THRESHOLD = 1e-20  # pocketsphinx keyword-spotting threshold for it
STOP_PAUSE = 0.4  # the quiet that ends a phrase heard while speaking
STOP_PHRASE_LIMIT = 2.5  # longer phrases (the reply's own echo runs on) are not a "stop"
CONFIRM_BELOW = 0.4  # a hearing's ``confidence`` (0-1) under this is confirmed before it is answered
YES = frozenset({"yes", "yeah", "yep", "right", "correct", "exactly", "sure"})
NO = frozenset({"no", "nope", "wrong", "not"})


@dataclass(frozen=True)
class ListenSettings:
    hands_free: bool = False
    pause: float = 0.9  # seconds of quiet that end a turn
    phrase_limit: float = 20.0  # longest turn, seconds
    energy: Optional[float] = None  # fixed energy threshold; None = calibrate to the room
    calibrate: Optional[float] = None  # seconds of room noise to calibrate on (default 1.0 hands-free, 0.5 otherwise)
    device: Optional[str] = None  # input device index or part of its name; None = the system default

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> "ListenSettings":
        return cls(
            hands_free=bool(getattr(args, "hands_free", False)),
            pause=float(getattr(args, "pause", None) or cls.pause),
            phrase_limit=float(getattr(args, "phrase_limit", None) or cls.phrase_limit),
            energy=getattr(args, "energy_threshold", None),
            calibrate=getattr(args, "calibrate", None),
            device=getattr(args, "device", None),
        )

    @property
    def calibration_seconds(self) -> float:
        if self.calibrate is not None:
            return max(0.0, float(self.calibrate))
        return 1.0 if self.hands_free else 0.5


# --- devices -------------------------------------------------------------------------------------------


@contextlib.contextmanager
def quiet_native_stderr() -> Iterator[None]:
    """Silence what ALSA and JACK print to fd 2 while PortAudio probes devices ("ALSA lib ...", "jack server is not running")."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):
        yield
        return
    try:
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def load_pyaudio():
    try:
        import pyaudio
    except ImportError as error:
        raise SetupError(
            "no microphone support: PyAudio is not installed (as root, `make voice` installs portaudio19-dev and builds it). "
            + TEXT_INSTEAD
        ) from error
    return pyaudio


@dataclass(frozen=True)
class Device:
    index: int
    name: str
    inputs: int
    outputs: int
    rate: int
    default_input: bool = False
    default_output: bool = False


def audio_devices() -> List[Device]:
    """Every device PortAudio sees (raises SetupError without PyAudio)."""
    pyaudio = load_pyaudio()
    with quiet_native_stderr():
        audio = pyaudio.PyAudio()
    try:
        def default(kind: str) -> Optional[int]:
            try:
                return int(getattr(audio, f"get_default_{kind}_device_info")()["index"])
            except (OSError, IOError, KeyError, ValueError):
                return None

        default_in, default_out = default("input"), default("output")
        devices = []
        for index in range(audio.get_device_count()):
            info = audio.get_device_info_by_index(index)
            devices.append(Device(
                index, str(info.get("name") or f"device {index}"), int(info.get("maxInputChannels") or 0),
                int(info.get("maxOutputChannels") or 0), int(info.get("defaultSampleRate") or 0),
                index == default_in, index == default_out,
            ))
        return devices
    finally:
        audio.terminate()


def pulse_devices(kind: str) -> List[str]:
    """PulseAudio/PipeWire ``sources`` or ``sinks`` by description, the default marked; [] when there is no sound server."""
    if not shutil.which("pactl"):
        return []
    try:
        listing = subprocess.run(["pactl", "list", kind], capture_output=True, text=True, timeout=5)
        info = subprocess.run(["pactl", "info"], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.TimeoutExpired):
        return []
    if listing.returncode != 0:
        return []
    key = "Default Source" if kind == "sources" else "Default Sink"
    default = next((line.split(":", 1)[1].strip() for line in info.stdout.splitlines() if line.startswith(key + ":")), "")
    names: List[str] = []
    name = ""
    for line in listing.stdout.splitlines():
        line = line.strip()
        if line.startswith("Name:"):
            name = line.split(":", 1)[1].strip()
        elif line.startswith("Description:") and name:
            if kind == "sources" and name.endswith(".monitor"):
                continue  # a sink's monitor is not a microphone
            description = line.split(":", 1)[1].strip()
            names.append(description + (" (default)" if name == default else ""))
    return names


def _choose_input(devices: Sequence[Device], wanted: Optional[str]) -> Tuple[Optional[int], Device]:
    """The PortAudio index for ``--device`` (an index or part of a name; None means the default device) and the device."""
    inputs = [d for d in devices if d.inputs > 0]
    if not inputs:
        raise SetupError(f"no microphone found (no audio input device). {TEXT_INSTEAD}")
    if wanted is None or wanted == "":
        default = next((d for d in inputs if d.default_input), None)
        if default is None:
            raise SetupError(f"no microphone found (no default audio input device). {TEXT_INSTEAD}")
        return None, default
    if str(wanted).isdigit():
        match = [d for d in inputs if d.index == int(wanted)]
    else:
        match = [d for d in inputs if str(wanted).lower() in d.name.lower()]
    if not match:
        listed = ", ".join(f"{d.index}: {d.name}" for d in inputs[:8])
        raise SetupError(f"no input device matches {wanted!r}; choose one of {listed}")
    return match[0].index, match[0]


def _capture_rate(device: Device) -> int:
    """16 kHz when the device takes it (PulseAudio and ALSA's plugins do), else the device's own rate
    (a raw ``hw:`` card may not); the audio is then resampled before recognition."""
    pyaudio = load_pyaudio()
    with quiet_native_stderr():
        audio = pyaudio.PyAudio()
    try:
        audio.is_format_supported(RATE, input_device=device.index, input_channels=1, input_format=pyaudio.paInt16)
        return RATE
    except ValueError:
        return device.rate or RATE
    finally:
        audio.terminate()


def open_microphone(device: Optional[str] = None):
    """A SpeechRecognition ``Microphone`` on a device that exists, or a one-line SetupError."""
    import speech_recognition as sr

    index, chosen = _choose_input(audio_devices(), device)
    try:
        rate = _capture_rate(chosen)
        with quiet_native_stderr():
            return sr.Microphone(device_index=index, sample_rate=rate)
    except AttributeError as error:  # SpeechRecognition reports a missing PyAudio this way
        raise SetupError(f"no microphone support (PyAudio is not installed). {TEXT_INSTEAD}") from error
    except (OSError, AssertionError) as error:
        raise SetupError(f"no microphone found ({error}). {TEXT_INSTEAD}") from error


@contextlib.contextmanager
def opened(microphone):
    """Enter the microphone; SpeechRecognition swallows open errors, so check the stream ourselves."""
    try:
        with quiet_native_stderr():
            source = microphone.__enter__()
    except (OSError, AttributeError) as error:
        raise SetupError(f"cannot open the microphone ({error}). {TEXT_INSTEAD}") from error
    if source.stream is None:
        with contextlib.suppress(Exception):
            microphone.audio.terminate()
        raise SetupError(f"cannot open the microphone (the audio device refused it). {TEXT_INSTEAD}")
    try:
        yield source
    finally:
        with contextlib.suppress(Exception):
            microphone.__exit__(None, None, None)


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


# --- keyboard ------------------------------------------------------------------------------------------

EOF = object()


class Keyboard:
    """Reads stdin lines in a thread: Enter starts a turn, or (while speaking) stops the speech."""

    def __init__(self, stream=None) -> None:
        self._text = stream or sys.stdin  # kept: dropping the wrapper would close its buffer under the reader
        self._stream = getattr(self._text, "buffer", self._text)  # bytes: any input is a key press, never an error
        self._lines: "queue.Queue[object]" = queue.Queue()
        self._lock = threading.Lock()
        self._handler: Optional[Callable[[object], None]] = None
        self.closed = False
        threading.Thread(target=self._read, name="keyboard", daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                line = self._stream.readline()
            except (OSError, ValueError):
                line = ""
            if isinstance(line, bytes):
                line = line.decode("utf-8", "replace")
            item: object = line.rstrip("\r\n") if line else EOF
            with self._lock:
                if item is EOF:
                    self.closed = True
                handler = self._handler
                if handler is None:
                    self._lines.put(item)
            if handler is not None:
                handler(item)
                if item is EOF:
                    self._lines.put(EOF)
            if item is EOF:
                return

    def get(self, timeout: Optional[float] = None) -> object:
        """The next line (``EOF`` at end of input); raises queue.Empty after ``timeout``."""
        return self._lines.get(timeout=timeout)

    def wait_line(self) -> object:
        while True:  # short waits keep Ctrl-C responsive
            try:
                return self._lines.get(timeout=0.2)
            except queue.Empty:
                continue

    def discard_pending(self) -> bool:
        """Drop lines typed while we were busy; True when input has ended."""
        ended = False
        while True:
            try:
                item = self._lines.get_nowait()
            except queue.Empty:
                break
            ended = ended or item is EOF
        if ended:
            self._lines.put(EOF)
        return ended

    @contextlib.contextmanager
    def intercept(self, handler: Callable[[object], None]) -> Iterator[None]:
        """While inside, every line (or EOF) goes to ``handler`` instead of the queue."""
        with self._lock:
            self._handler = handler
        try:
            yield
        finally:
            with self._lock:
                self._handler = None


# --- the live conversation ------------------------------------------------------------------------------


def speech_labels(turn) -> List[Optional[str]]:
    """What to show as each clip of ``session.speech(turn)`` is spoken: exercise steps and closings
    (replies' own text is printed before speaking starts, so those are None)."""
    labels: List[Optional[str]] = []
    for reply in turn.replies:
        if reply.text:
            labels.append(None)
        exercise = reply.exercise
        if exercise:
            labels.extend(step.get("text") for step in exercise.get("steps", []))
            if exercise.get("closing"):
                labels.append(exercise["closing"])
    return labels


def words(text: str) -> List[str]:
    return re.findall(r"[a-z']+", text.lower())


def says_stop_itself(spoken_words: set) -> bool:
    """When the reply itself says "stop", its own echo could stop it, so only Enter can."""
    return any(w.startswith(STOP_WORD) for w in spoken_words)


class StopSpotter:
    """Spots the word "stop" in short phrases heard while the assistant speaks (hands-free barge-in).

    A general or domain language model hears a lone "stop" badly (espeak-ng's "stop" came out as
    "got a"), so this is pocketsphinx's keyword-spotting search for that one word, with a dictionary
    of just its pronunciations: it loads in a tenth of a second and decodes a phrase in a few hundredths.
    """

    def __init__(self) -> None:
        import tempfile

        from pocketsphinx import Decoder, get_model_path

        with open(get_model_path("en-us/cmudict-en-us.dict"), encoding="utf-8") as handle:
            entries = [line for line in handle if line.split(" ", 1)[0].split("(")[0] == STOP_WORD]
        with tempfile.TemporaryDirectory(prefix="compassion-stop-") as folder:  # read once, when the decoder loads
            dictionary, keywords = os.path.join(folder, "stop.dict"), os.path.join(folder, "stop.kws")
            with open(dictionary, "w", encoding="utf-8") as handle:
                handle.writelines(entries)
            with open(keywords, "w", encoding="utf-8") as handle:
                handle.write(f"{STOP_WORD} /{STOP_THRESHOLD}/\n")
            self.decoder = Decoder(hmm=get_model_path("en-us/en-us"), dict=dictionary, kws=keywords, loglevel="FATAL",
                                   dither=True, seed=2024)

    def heard_stop(self, pcm: bytes) -> bool:
        self.decoder.start_utt()
        self.decoder.process_raw(pcm, full_utt=True)
        self.decoder.end_utt()
        hypothesis = self.decoder.hyp()
        return bool(hypothesis and STOP_WORD in hypothesis.hypstr.split())



class LiveVoice:
    def __init__(self, args: argparse.Namespace, settings: ListenSettings, microphone, recognizer, session, speaker, player,
                 keyboard: Keyboard, out=None, json_mode: bool = False) -> None:
        import speech_recognition as sr

        self.sr = sr
        self.args = args
        self.settings = settings
        self.microphone = microphone
        self.recognizer = recognizer
        self.session = session
        self.speaker = speaker
        self.player = player
        self.keyboard = keyboard
        self.out = out or sys.stdout
        self.json_mode = json_mode
        self.turns_left: Optional[int] = getattr(args, "turns", None)
        self.turn_number = 0
        self.leaving = False
        self.pending = None  # a low-confidence transcript waiting for "yes"
        self.listener = self._listener()
        self.spotter = StopSpotter() if settings.hands_free else None
        self.source = None
        self._said_no_output = False

    # output ---------------------------------------------------------------------------------------
    def show(self, line: str) -> None:
        """Conversation text: stdout, or stderr in --json mode where stdout carries the records."""
        stream = sys.stderr if self.json_mode else self.out
        stream.write(line + "\n")
        stream.flush()

    def record(self, **fields) -> None:
        self.out.write(json.dumps({"turn": self.turn_number, **fields}, ensure_ascii=False) + "\n")
        self.out.flush()

    # listening ------------------------------------------------------------------------------------
    def _listener(self):
        listener = self.sr.Recognizer()
        listener.pause_threshold = self.settings.pause
        listener.non_speaking_duration = min(listener.non_speaking_duration, self.settings.pause)
        if self.settings.energy is not None:
            listener.energy_threshold = float(self.settings.energy)
            listener.dynamic_energy_threshold = False
        else:
            listener.dynamic_energy_threshold = self.settings.hands_free
        return listener

    def _stream(self):
        return self.source.stream.pyaudio_stream

    def _pause_capture(self) -> None:
        with contextlib.suppress(Exception):
            if not self._stream().is_stopped():
                self._stream().stop_stream()

    def _resume_capture(self) -> None:
        """(Re)start the stream, dropping whatever was buffered while we were busy or speaking.

        Returns once the first block has arrived: a freshly started ALSA/PulseAudio stream loses its first
        fraction of a second, so "Listening..." is only shown when the microphone really is listening.
        """
        with contextlib.suppress(Exception):
            if not self._stream().is_stopped():
                self._stream().stop_stream()
        self._stream().start_stream()
        self.source.stream.read(self.source.CHUNK)

    def calibrate(self) -> None:
        seconds = self.settings.calibration_seconds
        if self.settings.energy is not None or seconds <= 0:
            return
        self.listener.adjust_for_ambient_noise(self.source, duration=seconds)
        self.listener.energy_threshold = max(self.listener.energy_threshold, MIN_ENERGY)

    def _pcm(self, audio) -> bytes:
        """16 kHz 16-bit mono for the recogniser (resampled with sox, as files are, when the device ran at another rate)."""
        pcm = audio.get_raw_data(convert_width=2)
        if audio.sample_rate != RATE:
            from assistant.voice.recognizer import resample

            pcm = resample(pcm, audio.sample_rate)
        folder = os.environ.get("COMPASSION_SAVE_AUDIO")
        if folder:  # a debugging aid: keep what the microphone heard, one WAV per phrase
            import time
            import wave

            os.makedirs(folder, exist_ok=True)
            with wave.open(os.path.join(folder, f"heard-{time.strftime('%Y%m%d-%H%M%S')}-{self.turn_number + 1}.wav"), "wb") as out:
                out.setnchannels(1)
                out.setsampwidth(2)
                out.setframerate(RATE)
                out.writeframes(pcm)
        return pcm

    def capture_push_to_talk(self) -> Optional[bytes]:
        self._resume_capture()
        self.show("Listening...")
        try:
            audio = self.listener.listen(self.source, timeout=PUSH_TO_TALK_WAIT, phrase_time_limit=self.settings.phrase_limit)
        except self.sr.WaitTimeoutError:
            return None
        finally:
            self._pause_capture()
        return self._pcm(audio)

    def capture_hands_free(self) -> Optional[bytes]:
        """Wait for the next phrase; returns None when the user has left (Ctrl-D at a terminal)."""
        while not self.leaving:
            try:
                audio = self.listener.listen(self.source, timeout=1.0, phrase_time_limit=self.settings.phrase_limit)
            except self.sr.WaitTimeoutError:
                if self.keyboard.discard_pending() and _stdin_is_tty():
                    self.leaving = True
                continue
            return self._pcm(audio)
        return None

    # answering ------------------------------------------------------------------------------------
    def respond(self, pcm: bytes) -> None:
        """One spoken turn: nothing heard -> ask again (the engine sees nothing); a low-confidence hearing
        -> "Did you say ...?" first (never for anything that may be a crisis); else answer and speak."""
        transcript = self.recognizer.transcribe_pcm(pcm)
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
        for reply in turn.replies:
            if self.json_mode:
                fields = {"heard": voice_turn.heard, "intent": turn.intent, "confidence": round(turn.confidence, 4),
                          "text": reply.text, "buttons": reply.buttons}
                if reply.custom:
                    fields["custom"] = reply.custom
                self.record(**fields)
                continue
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
        if self.json_mode:
            self.record(heard=heard, intent=None, confidence=0.0, text=text, buttons=[])
        else:
            self.show(f"Compassion: {text}")
        clip = self.speaker.synthesise(text) if self.speaker else None
        if clip:
            self.speak(lambda: [((clip, 0.0), None)], set(words(text)))

    # speaking, with barge-in ------------------------------------------------------------------------
    def speak(self, make_pieces: Callable[[], List[Tuple[Tuple[bytes, float], Optional[str]]]], spoken_words: set) -> bool:
        """Synthesise, then play every clip with its pause; Enter (or "stop" when hands-free) ends it at any
        point, synthesis included. Exercise steps are shown as they are spoken. True when it finished."""
        if self.speaker is None:
            return True
        interrupted = threading.Event()
        self.player.reset()

        def on_key(item: object) -> None:
            if item is EOF:
                if self.settings.hands_free and not _stdin_is_tty():
                    return  # hands-free with stdin not a terminal (e.g. /dev/null): its end means nothing
                self.leaving = True
            interrupted.set()
            self.player.stop()

        watcher = None
        if self.spotter is not None and not says_stop_itself(spoken_words):
            watcher = threading.Thread(target=self._listen_for_stop, args=(interrupted,), daemon=True)
        with self.keyboard.intercept(on_key):
            if self.keyboard.closed:
                on_key(EOF)
            if self.player.available:
                self.show("(press Enter to stop me" + (', or say "stop")' if watcher else ")"))
            if watcher:
                self._resume_capture()
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

    def _listen_for_stop(self, interrupted: threading.Event) -> None:
        """Hands-free barge-in: a short phrase, with a pause before and after, in which "stop" is spotted.

        The threshold stays fixed (SpeechRecognition 3.17 raises a dynamic one during a phrase, which cut
        a lone "stop" too short to count). Without echo cancellation the microphone also hears the reply
        from loudspeakers; that continuous speech runs into the phrase limit, and such phrases are never
        taken as "stop" (on 53 s of the assistant's own speech: no false stop). With loudspeakers, a
        "stop" said over the reply may merge with it and be missed; Enter always works.
        """
        listener = self.sr.Recognizer()
        listener.energy_threshold = max(self.listener.energy_threshold, MIN_ENERGY)
        listener.dynamic_energy_threshold = False
        listener.pause_threshold = STOP_PAUSE
        listener.non_speaking_duration = 0.3
        listener.phrase_threshold = 0.1
        while not interrupted.is_set():
            try:
                audio = listener.listen(self.source, timeout=0.3, phrase_time_limit=STOP_PHRASE_LIMIT)
            except self.sr.WaitTimeoutError:
                continue
            except Exception:  # the stream was stopped under us: nothing more to hear
                return
            if interrupted.is_set():
                return
            pcm = self._pcm(audio)
            if len(pcm) / (2 * RATE) < STOP_PHRASE_LIMIT - 0.1 and self.spotter.heard_stop(pcm):
                interrupted.set()
                self.player.stop()
                return

    # the loop -------------------------------------------------------------------------------------
    def _more_turns(self) -> bool:
        return not self.leaving and (self.turns_left is None or self.turn_number < self.turns_left)

    def run(self) -> int:
        if self.settings.hands_free:
            self.show("Hands-free: just talk, and a pause ends your turn. While I speak, say \"stop\" or press Enter "
                      "to stop me. Ctrl-C to leave.")
        else:
            self.show("Press Enter, then speak; a pause ends your turn. While I speak, press Enter to stop me. "
                      "Ctrl-D to leave.")
        with opened(self.microphone) as source:
            self.source = source
            self.calibrate()
            if not self.settings.hands_free:
                self._pause_capture()
            while self._more_turns():
                if self.settings.hands_free:
                    self._resume_capture()
                    self.show("Listening...")
                    pcm = self.capture_hands_free()
                    if pcm is None:
                        break
                else:
                    if self.keyboard.discard_pending():
                        break
                    self.show("[Enter to talk]")
                    if self.keyboard.wait_line() is EOF:
                        break
                    pcm = self.capture_push_to_talk()
                    if pcm is None:
                        self.show("(I didn't hear anything. Press Enter and speak when you're ready.)")
                        continue
                self.respond(pcm)
        return 0


def _stdin_is_tty() -> bool:
    try:
        return sys.stdin.isatty()
    except (ValueError, AttributeError):
        return False


def run_live(args: argparse.Namespace) -> int:
    """``compassion voice`` without ``--audio``: the live conversation. Ctrl-D (push-to-talk) or Ctrl-C leaves."""
    from assistant.core.runtime import Engine
    from assistant.voice.loop import VoiceSession
    from assistant.voice.engines import open_recognizer
    from assistant.voice.speaker import DEFAULT_RATE, Player, Speaker

    settings = ListenSettings.from_args(args)
    rate = getattr(args, "rate", None) or DEFAULT_RATE
    if not 80 <= rate <= 400:
        raise SetupError(f"--rate {rate} is outside 80-400 words per minute (default {DEFAULT_RATE})")
    microphone = open_microphone(settings.device)  # fail fast, before the model loads
    voice = resolve_voice(getattr(args, "voice", None))
    recognizer = open_recognizer(args.engine, getattr(args, "allow_online", False))
    speaker = Speaker(rate=rate, voice=voice)
    player = Player()
    if not player.available:
        sys.stderr.write("compassion: no audio player (aplay from alsa-utils); replies are shown, not spoken\n")
    engine = Engine()
    live = None
    try:
        from assistant.frontends.shell import Spinner

        with Spinner("Waking up the assistant..."):
            engine.start()
        session = VoiceSession(engine, recognizer, args.sender, speaker)
        live = LiveVoice(args, settings, microphone, recognizer, session, speaker, player, Keyboard(),
                         json_mode=bool(getattr(args, "json", False)))
        return live.run()
    except KeyboardInterrupt:
        player.stop()
        print("\nTake care of yourself. Goodbye.", flush=True)
        return 0
    finally:
        player.stop()
        engine.close()
        speaker.close()


def describe_devices() -> Dict[str, Union[List[str], str]]:
    """For ``compassion doctor``: input and output device names (PortAudio, plus PulseAudio's when it runs)."""
    devices = audio_devices()
    inputs = [d.name + (" (default)" if d.default_input else "") for d in devices if d.inputs > 0]
    outputs = [d.name + (" (default)" if d.default_output else "") for d in devices if d.outputs > 0]
    return {"inputs": inputs, "outputs": outputs, "pulse_sources": pulse_devices("sources"), "pulse_sinks": pulse_devices("sinks")}
