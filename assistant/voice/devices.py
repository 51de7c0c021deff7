"""The devices stage: which microphones and speakers PortAudio (and PulseAudio) can see, and choosing one.

Nothing here records: it lists devices for ``compassion doctor`` and picks the input and its rate for
:mod:`assistant.voice.capture`. Without PyAudio or a microphone it fails with one line that points to the
text shell.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from types import ModuleType
from typing import Dict, Iterator, List, Optional, Sequence, Tuple, Union

from assistant.core.errors import SetupError
from assistant.voice.audio import RATE

TEXT_INSTEAD = "You can keep talking in text: compassion chat"


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


def load_pyaudio() -> ModuleType:
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


def choose_input(devices: Sequence[Device], wanted: Optional[str]) -> Tuple[Optional[int], Device]:
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


def capture_rate(device: Device) -> int:
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


def describe_devices() -> Dict[str, Union[List[str], str]]:
    """For ``compassion doctor``: input and output device names (PortAudio, plus PulseAudio's when it runs)."""
    devices = audio_devices()
    inputs = [d.name + (" (default)" if d.default_input else "") for d in devices if d.inputs > 0]
    outputs = [d.name + (" (default)" if d.default_output else "") for d in devices if d.outputs > 0]
    return {"inputs": inputs, "outputs": outputs, "pulse_sources": pulse_devices("sources"), "pulse_sinks": pulse_devices("sinks")}
