"""A separate process that owns the pyttsx3 engine and writes one WAV per request.

pyttsx3's espeak driver runs a callback loop that does not survive well inside the busy
assistant process (files were sometimes never written), so synthesis lives here, alone.
Protocol: one JSON object per line on stdin ``{"text", "path"}``; one line back, ``ok`` or
``error: ...``.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main() -> int:
    import pyttsx3
    import pyttsx3.drivers.espeak as espeak_driver

    espeak_driver.print = lambda *args, **kwargs: None  # it announces every saved file on stdout
    rate, voice = int(sys.argv[1]), (sys.argv[2] if len(sys.argv) > 2 else "")
    engine = pyttsx3.init()
    engine.setProperty("rate", rate)
    voices = [v.id for v in engine.getProperty("voices")]
    chosen = voice or next((v for v in voices if v.endswith("/en-us") or v == "en-us"), "")
    if chosen:
        engine.setProperty("voice", chosen)
    print("ready", flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        try:
            print("ok" if synthesise(engine, request["text"], Path(request["path"])) else "error: no audio was written", flush=True)
        except Exception as error:  # reported to the parent, one line
            print(f"error: {error}", flush=True)
    return 0


def synthesise(engine, text: str, path: Path, attempts: int = 3) -> bool:
    """Write ``text`` to ``path``; the espeak driver sometimes returns before writing, so wait, then retry."""
    for _ in range(attempts):
        engine.save_to_file(text, str(path))
        engine.runAndWait()
        deadline = time.monotonic() + 2.0
        while time.monotonic() < deadline:
            if path.exists() and path.stat().st_size > 44:
                return True
            time.sleep(0.02)
    return False


if __name__ == "__main__":
    sys.exit(main())
