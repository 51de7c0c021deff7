"""Live voice without hardware: a virtual microphone fed from a WAV file, read through PyAudio by `compassion voice`.

The virtual device is a PulseAudio daemon that the test starts as an ordinary process in a temporary
directory: a null sink ``micfeed`` whose monitor is remapped into a source, ``virtualmic``, made the
default input, and a second null sink, ``speakers``, as the default output. PortAudio reaches it
through ALSA's ``pulse`` plugin (libasound2-plugins), so `compassion voice` opens it exactly as it
would open a real microphone: PyAudio -> ALSA -> PulseAudio. The test plays an
espeak-ng recording into ``micfeed`` with paplay, in real time, while the assistant listens.
Everything runs at 16 kHz mono, so the recording reaches the recogniser without resampling.

`make test` installs what this needs when run as root (scripts/bootstrap.sh); without root and
without the packages, the end-to-end tests are skipped and say why.
"""
from __future__ import annotations

import contextlib
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import ROOT

FRIEND = "how can I support a friend who is going through a hard time"


# --- units: no audio device needed --------------------------------------------------------------------


def fake_player_command(tmp_path: Path, body: str) -> str:
    script = tmp_path / "player"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    return str(script)


def test_player_stops_mid_clip(tmp_path):
    from assistant.voice.playback import Player

    player = Player(command=fake_player_command(tmp_path, "exec sleep 30"))
    result = {}
    thread = threading.Thread(target=lambda: result.setdefault("played", player.play(b"RIFF")))
    started = time.monotonic()
    thread.start()
    time.sleep(0.3)
    player.stop()
    thread.join(timeout=5)
    assert not thread.is_alive() and time.monotonic() - started < 3
    assert result["played"] is False and not player.failed
    assert player.play(b"RIFF") is False, "after stop() nothing plays until reset()"
    player.reset()
    assert player.available


def test_player_that_cannot_play_says_so(tmp_path):
    from assistant.voice.playback import Player

    player = Player(command=fake_player_command(tmp_path, "exit 1"))
    assert player.play(b"RIFF") is False
    assert player.failed and not player.available


class FakeSession:
    """Hears the given transcripts in turn and records what would reach the engine."""

    def __init__(self, transcripts, replies=None):
        self.transcripts = list(transcripts)
        self.replies = replies
        self.sent = []

    def hear(self, pcm):
        return self.transcripts.pop(0)

    def understand(self, transcript):
        """The real hypothesis choice, with a stand-in classifier that reads "kill myself" as crisis and the
        rest as greetings, so the alternatives' agreement is the confidence."""
        from assistant.voice.loop import choose_hypothesis

        return choose_hypothesis(transcript, lambda text: "crisis" if "kill myself" in text else text.split()[-1])

    def answer(self, transcript, hearing=None):
        from assistant.core.replies import Reply, Turn
        from assistant.voice.loop import VoiceTurn

        heard = (hearing or self.understand(transcript)).heard
        self.sent.append(heard)
        return VoiceTurn(transcript, heard, False, Turn(heard, "greet", 0.91234, self.replies or [Reply("Hello.")]))

    def speech(self, turn):
        return []


def live_voice(transcripts, out, replies=None, **settings):
    """The turn logic alone: no microphone, engine, speaker or keyboard."""
    from assistant.frontends.voice import LiveVoice
    from assistant.voice.settings import VoiceSettings

    return LiveVoice(VoiceSettings(**settings), FakeSession(transcripts, replies), out=out)


def test_nothing_heard_asks_again_and_sends_nothing(capsys):
    from assistant.frontends.voice import SORRY
    from assistant.voice.recognizer import Transcript

    live = live_voice([Transcript("", 0.01, 1.0)], sys.stdout)
    live.respond(b"\x00\x00" * 1600)
    out = capsys.readouterr().out
    assert "I heard: (nothing)" in out and SORRY in out
    assert live.session.sent == []


def test_low_confidence_is_confirmed_first_but_never_a_crisis(capsys):
    """Hypotheses that disagree on meaning: "Did you say ...?", then yes sends it; a crisis is never held."""
    from assistant.voice.recognizer import Transcript

    unsure = Transcript("i feel low", 0.1, 1.0, ["i feel low", "i fell slow", "i feel though", "if eel low"])
    live = live_voice([unsure, Transcript("yes", 0.1, 1.0, ["yes"])], sys.stdout)
    live.respond(b"")
    assert "Did you say: “i feel low”?" in capsys.readouterr().out and live.session.sent == []
    live.respond(b"")
    assert live.session.sent == ["i feel low"]

    sure = Transcript("i feel low", 0.1, 1.0, ["i feel low", "we feel low", "i really feel low"])
    live = live_voice([sure], sys.stdout)
    live.respond(b"")
    assert live.session.sent == ["i feel low"], "hypotheses that agree are answered at once"

    live = live_voice([Transcript("i want to kill myself", 0.1, 1.0, ["i want to kill myself", "i want to kill my shelf"])], sys.stdout)
    live.respond(b"")
    assert live.session.sent == ["i want to kill myself"], "risk is answered at once, never held for confirmation"


def test_json_mode_writes_one_record_per_reply_in_the_shells_format():
    import io
    import json

    from assistant.core.replies import Reply
    from assistant.voice.recognizer import Transcript

    out = io.StringIO()
    live = live_voice([Transcript("i feel low", 0.1, 1.0, ["i feel low"])], out, [Reply("I'm sorry.", custom={"a": 1}), Reply("More?")],
                      json=True)
    live.respond(b"")
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [list(r) for r in records] == [["turn", "heard", "intent", "confidence", "text", "buttons", "custom"],
                                          ["turn", "heard", "intent", "confidence", "text", "buttons"]]
    assert records[0]["confidence"] == 0.9123 and records[1]["text"] == "More?"


def test_exercise_steps_are_shown_as_they_are_spoken():
    from assistant.core.replies import Reply, Turn
    from assistant.voice.loop import VoiceSession, speech_labels

    exercise = {"steps": [{"text": "Breathe in for four.", "seconds": 4}, {"text": "Out for six.", "seconds": 6}],
                "closing": "Well done."}
    turn = Turn("breathe", "breathing", 1.0, [Reply("Let's breathe.", custom={"exercise": exercise}), Reply("Again?")])
    class Speaker:
        def synthesise(self, text):
            return text.encode()

    session = VoiceSession(None, None, "t", Speaker())
    pieces = session.speech(turn)
    assert speech_labels(turn) == [None, "Breathe in for four.", "Out for six.", "Well done.", None]
    assert [pause for _, pause in pieces][1:3] == [4.0, 6.0] and len(pieces) == 5


def test_keyboard_enter_goes_to_the_barge_in_handler_while_speaking():
    from assistant.voice.keyboard import EOF, Keyboard

    read_end, write_end = os.pipe()
    keyboard = Keyboard(os.fdopen(read_end))
    writer = os.fdopen(write_end, "w")
    caught = []
    with keyboard.intercept(caught.append):
        writer.write("\n")
        writer.flush()
        deadline = time.monotonic() + 5
        while not caught and time.monotonic() < deadline:
            time.sleep(0.02)
    assert caught == [""]
    writer.write("\n")
    writer.close()
    assert keyboard.get(timeout=5) == "" and keyboard.get(timeout=5) is EOF


@pytest.fixture(scope="module")
def stop_words(tmp_path_factory):
    folder = tmp_path_factory.mktemp("stop")
    made = {}
    for name, text in {"stop": "stop", "stop_please": "stop please", "low": "I feel really low today",
                       "breathing": "can we do a breathing exercise"}.items():
        made[name] = folder / f"{name}.wav"
        subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(made[name]), text], check=True)
    return made


def test_stop_is_spotted_in_short_phrases_only(stop_words):
    from assistant.voice.barge_in import StopSpotter
    from assistant.voice.recognizer import load_wav

    spotter = StopSpotter()
    heard = {name: spotter.heard_stop(load_wav(path)) for name, path in stop_words.items()}
    assert heard == {"stop": True, "stop_please": True, "low": False, "breathing": False}


def test_no_microphone_is_one_clear_line():
    from assistant.core.errors import SetupError
    from assistant.voice.devices import Device, choose_input

    speakers_only = [Device(0, "Speakers", inputs=0, outputs=2, rate=48000, default_output=True)]
    for devices in ([], speakers_only):
        with pytest.raises(SetupError) as error:
            choose_input(devices, None)
        assert "no microphone" in str(error.value) and "compassion chat" in str(error.value)
        assert "\n" not in str(error.value)
    microphones = [Device(3, "USB headset", 1, 0, 44100), Device(4, "Built-in mic", 2, 0, 48000, default_input=True)]
    assert choose_input(microphones, None) == (None, microphones[1])
    assert choose_input(microphones, "usb") == (3, microphones[0]) and choose_input(microphones, "4")[0] == 4
    with pytest.raises(SetupError, match="3: USB headset"):
        choose_input(microphones, "bluetooth")


def test_unknown_voice_is_refused():
    from assistant.core.errors import SetupError
    from assistant.voice.speaker import resolve_voice

    if not shutil.which("espeak-ng"):
        pytest.skip("espeak-ng is not installed")
    assert resolve_voice("en-gb") == "en-gb" and resolve_voice("en-us+f3") == "en-us+f3"
    with pytest.raises(SetupError):
        resolve_voice("klingon-xx")


# --- end to end: a virtual microphone -----------------------------------------------------------------

DEFAULT_PA = """
load-module module-native-protocol-unix auth-anonymous=1 socket={socket}
load-module module-null-sink sink_name=speakers rate=16000 channels=1 format=s16le sink_properties=device.description=Virtual-speakers
load-module module-null-sink sink_name=micfeed rate=16000 channels=1 format=s16le sink_properties=device.description=Virtual-mic-feed
load-module module-remap-source source_name=virtualmic master=micfeed.monitor rate=16000 channels=1 format=s16le source_properties=device.description=Virtual-microphone
load-module module-null-sink sink_name=speakers2 rate=16000 channels=1 format=s16le sink_properties=device.description=Second-speakers
load-module module-null-sink sink_name=micfeed2 rate=16000 channels=1 format=s16le sink_properties=device.description=Second-mic-feed
load-module module-remap-source source_name=virtualmic2 master=micfeed2.monitor rate=16000 channels=1 format=s16le source_properties=device.description=Second-microphone
set-default-sink speakers
set-default-source virtualmic
"""


def _missing_for_virtual_microphone():
    missing = [tool for tool in ("pulseaudio", "pactl", "paplay", "aplay", "espeak-ng") if not shutil.which(tool)]
    if not Path("/usr/share/alsa/alsa.conf.d/50-pulseaudio.conf").exists():
        missing.append("libasound2-plugins (ALSA's pulse plugin)")
    try:
        import pyaudio  # noqa: F401
    except ImportError:
        missing.append("PyAudio")
    return missing


@pytest.fixture(scope="module")
def pulse():
    """A private PulseAudio daemon with a virtual microphone; yields the environment that reaches it."""
    missing = _missing_for_virtual_microphone()
    if missing:
        if os.geteuid() != 0:
            pytest.skip(f"virtual microphone needs {', '.join(missing)}; `make test` as root installs them")
        if not shutil.which("pulseaudio") and subprocess.run(["dpkg", "-s", "pipewire-pulse"], capture_output=True).returncode == 0:
            pytest.skip("pipewire-pulse is installed, so set-up leaves PulseAudio out (they conflict)")
        pytest.fail(f"missing {', '.join(missing)}: run `make test` (scripts/bootstrap.sh installs them as root)")
    folder = Path(tempfile.mkdtemp(prefix="cpa-"))  # short: a unix socket path must fit in 108 bytes
    socket = folder / "native"
    script = folder / "default.pa"
    script.write_text(DEFAULT_PA.format(socket=socket))
    env = {**os.environ, "HOME": str(folder), "XDG_RUNTIME_DIR": str(folder), "XDG_CONFIG_HOME": str(folder / "config"),
           "PULSE_RUNTIME_PATH": str(folder / "run"), "PULSE_STATE_PATH": str(folder / "state")}
    log = open(folder / "pulseaudio.log", "wb")
    # As root PulseAudio warns that it is meant for a user session (or --system); as a plain process
    # with its own runtime directory and socket it works, and nothing outside `folder` is touched.
    daemon = subprocess.Popen(
        ["pulseaudio", "-n", "-F", str(script), "--daemonize=no", "--use-pid-file=no", "--exit-idle-time=-1",
         "--disable-shm=yes", "--log-target=stderr", "--log-level=error"],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    client = {**os.environ, "PULSE_SERVER": f"unix:{socket}"}
    try:
        deadline = time.monotonic() + 15
        while subprocess.run(["pactl", "info"], env=client, capture_output=True).returncode != 0:
            if daemon.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"PulseAudio did not start: {(folder / 'pulseaudio.log').read_text()[-2000:]}")
            time.sleep(0.1)
        yield client
    finally:
        daemon.terminate()
        try:
            daemon.wait(timeout=5)
        except subprocess.TimeoutExpired:
            daemon.kill()
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def recordings(tmp_path_factory):
    """espeak-ng speech, 16 kHz mono like the virtual devices, so it reaches the recogniser unchanged."""
    folder = tmp_path_factory.mktemp("mic")
    made = {}
    for name, text in {"friend": FRIEND, "stop": "stop"}.items():
        raw = folder / f"{name}-raw.wav"
        made[name] = folder / f"{name}.wav"
        subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(raw), text], check=True)
        subprocess.run(["sox", "-D", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(made[name])], check=True)
    return made


def test_portaudio_sees_the_virtual_devices(pulse):
    result = subprocess.run([sys.executable, "-m", "assistant.cli", "doctor"], env=pulse, capture_output=True, text=True,
                            cwd=ROOT, timeout=120)
    lines = {line.split(":", 1)[0]: line for line in result.stdout.splitlines()}
    assert lines["ok    audio input (microphone)"].count("Virtual-microphone (default)") == 1, result.stdout
    assert "Virtual-speakers (default)" in lines["ok    audio output (speaker)"], result.stdout


class Live:
    """`compassion voice` as a user runs it, its output read line by line as it comes."""

    def __init__(self, args, env):
        command = [str(Path(sys.executable).parent / "compassion"), "voice", "--turns", "1"] + args
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        env=env, cwd=ROOT, text=True, bufsize=1, start_new_session=True)
        self.lines: "queue.Queue" = queue.Queue()
        self.seen = []
        self.errors = []
        threading.Thread(target=self._pump, args=(self.process.stdout, self.lines.put), daemon=True).start()
        threading.Thread(target=self._pump, args=(self.process.stderr, self.errors.append), daemon=True).start()

    @staticmethod
    def _pump(stream, sink):
        for line in stream:
            sink(line.rstrip("\n"))

    def wait_for(self, text, timeout=60.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if self.process.poll() is not None and self.lines.empty():
                    break
                continue
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"{text!r} never came; output: {self.seen}; stderr: {self.errors[-20:]}")

    def press_enter(self):
        self.process.stdin.write("\n")
        self.process.stdin.flush()

    def close(self):
        """Leave as Ctrl-C would; if that fails, end its whole process group (action server, speech worker, aplay)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


@pytest.fixture(scope="module")
def sessions(pulse, model_path):
    """Both live modes started at once, each on its own virtual microphone and speakers (libpulse's
    PULSE_SOURCE / PULSE_SINK pick them), so the two model loads overlap instead of adding up.
    They load the trained model (``model_path``), so `make test-unit` leaves these tests out."""
    rigs = {
        "push-to-talk": ([], {"PULSE_SOURCE": "virtualmic", "PULSE_SINK": "speakers", "feed": "micfeed"}),
        "hands-free": (["--hands-free", "--calibrate", "0.5"],
                       {"PULSE_SOURCE": "virtualmic2", "PULSE_SINK": "speakers2", "feed": "micfeed2"}),
    }
    started = {}
    for name, (args, devices) in rigs.items():
        env = {**pulse, "PULSE_SOURCE": devices["PULSE_SOURCE"], "PULSE_SINK": devices["PULSE_SINK"]}
        started[name] = (Live(args + ["--sender", f"mic-{name}-{uuid.uuid4().hex[:8]}"], env), devices)
    yield started
    for live, _ in started.values():
        live.close()


def play_into_microphone(pulse, feed, wav):
    # A small latency matters: with paplay's default (about 2 s of buffer) a clip shorter than that
    # never reached the null sink's monitor at all, and longer ones lost their start.
    subprocess.run(["paplay", "--latency-msec=50", f"--device={feed}", str(wav)], env=pulse, check=True, timeout=30)


def speaking_streams(pulse, sink):
    """Playback streams on ``sink`` (aplay reaches it through ALSA's pulse plugin)."""
    sinks = subprocess.run(["pactl", "list", "short", "sinks"], env=pulse, capture_output=True, text=True).stdout
    index = next(line.split()[0] for line in sinks.splitlines() if line.split()[1] == sink)
    inputs = subprocess.run(["pactl", "list", "short", "sink-inputs"], env=pulse, capture_output=True, text=True).stdout
    return [line for line in inputs.splitlines() if line.split() and line.split()[1] == index]


def assert_friend_guide(live):
    heard = live.wait_for("I heard:")
    assert "support a friend" in heard
    live.wait_for("It's kind of you to want to be there for your friend")
    live.wait_for("Listen first")


def assert_speaking_then_stopped(live, pulse, sink, stop):
    deadline = time.monotonic() + 10
    while not speaking_streams(pulse, sink) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert speaking_streams(pulse, sink), "the reply was not being played to the output device"
    stopped_at = time.monotonic()
    stop()
    live.wait_for("(stopped)", timeout=15)
    assert live.process.wait(timeout=20) == 0, live.errors
    # the friend guide takes over a minute to say: stopping it ended playback and the session at once
    assert time.monotonic() - stopped_at < 15
    assert not speaking_streams(pulse, sink), "aplay was still playing after barge-in"


def test_push_to_talk_from_the_virtual_microphone(pulse, sessions, recordings):
    live, devices = sessions["push-to-talk"]
    live.wait_for("[Enter to talk]", timeout=120)
    live.press_enter()
    live.wait_for("Listening...")
    play_into_microphone(pulse, devices["feed"], recordings["friend"])
    assert_friend_guide(live)
    live.wait_for("(press Enter to stop me)")
    assert_speaking_then_stopped(live, pulse, devices["PULSE_SINK"], live.press_enter)


def test_hands_free_from_the_virtual_microphone_and_stop_by_voice(pulse, sessions, recordings):
    live, devices = sessions["hands-free"]
    live.wait_for("Listening...", timeout=120)
    play_into_microphone(pulse, devices["feed"], recordings["friend"])
    assert_friend_guide(live)
    live.wait_for('(press Enter to stop me, or say "stop")')
    assert_speaking_then_stopped(live, pulse, devices["PULSE_SINK"],
                                 lambda: play_into_microphone(pulse, devices["feed"], recordings["stop"]))
