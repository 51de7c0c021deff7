"""The text front end: reads lines, hands them to the engine, renders the replies.

With a terminal it is an interactive prompt (line editing and in-memory history,
numbered buttons, exercises paced in real time and interrupted by typing).
Piped, it reads one message per line and prints plain text or JSON lines.
"""
from __future__ import annotations

import itertools
import json
import select
import sys
import threading
import time
from typing import Callable, Dict, Iterable, Iterator, List, Optional, TextIO

from assistant.replies import Reply, Turn
from assistant.text import decode

BOT = "Compassion"
PROMPT = "you> "


class Spinner:
    """A small progress indicator on stderr while the model loads (terminals only)."""

    def __init__(self, message: str, stream: TextIO = sys.stderr) -> None:
        self.message = message
        self.stream = stream
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._spin, daemon=True)

    def _spin(self) -> None:
        for frame in itertools.cycle("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"):
            if self._stop.wait(0.1):
                break
            self.stream.write(f"\r{frame} {self.message}")
            self.stream.flush()
        self.stream.write("\r" + " " * (len(self.message) + 2) + "\r")
        self.stream.flush()

    def __enter__(self) -> "Spinner":
        if self.stream.isatty():
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()


def piped_lines(stream) -> Iterator[str]:
    """Lines from a pipe, decoded leniently so invalid UTF-8 never ends the session."""
    for raw in stream:
        yield decode(raw).rstrip("\r\n")


def reply_records(turn: Turn, number: int) -> List[Dict]:
    """The JSON objects of ``chat --json``: one per assistant message."""
    records = []
    for reply in turn.replies:
        record = {
            "turn": number,
            "user": turn.user,
            "intent": turn.intent,
            "confidence": round(turn.confidence, 4),
            "text": reply.text,
            "buttons": reply.buttons,
        }
        if reply.custom:
            record["custom"] = reply.custom
        records.append(record)
    return records


class Renderer:
    """Prints replies as text, pacing exercise steps when asked to."""

    def __init__(self, out: TextIO, pace: bool, interactive: bool) -> None:
        self.out = out
        self.pace = pace
        self.interactive = interactive
        self.pending_input: Optional[str] = None

    def say(self, text: str) -> None:
        self.out.write(f"{BOT}: {text}\n")
        self.out.flush()

    def render(self, reply: Reply) -> None:
        if reply.text:
            self.say(reply.text)
        if reply.exercise:
            self.perform(reply.exercise)
        for index, button in enumerate(reply.buttons, 1):
            self.out.write(f"  {index}. {button['title']}\n")
        self.out.flush()

    def perform(self, exercise: Dict) -> None:
        """Show each step, then wait its pause; typing anything (e.g. "stop") ends it at once."""
        steps = exercise.get("steps", [])
        for number, step in enumerate(steps, 1):
            breath = f"({step['breath']}) " if step.get("breath") else ""
            self.out.write(f"  [{number}/{len(steps)}] {breath}{step['text']}\n")
            self.out.flush()
            if self.pace and not self.wait(float(step.get("seconds", 0))):
                self.say("Stopping the exercise.")
                return
        if exercise.get("closing"):
            self.say(exercise["closing"])

    def wait(self, seconds: float) -> bool:
        """Pause for a step; False when the user typed something meanwhile (kept as next input)."""
        if not self.interactive:
            time.sleep(seconds)
            return True
        deadline = time.monotonic() + seconds
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self.out.write("\r\033[K")
                return True
            self.out.write(f"\r    {'·' * int(left + 0.999)}\033[K")
            self.out.flush()
            ready, _, _ = select.select([sys.stdin], [], [], min(left, 0.25))
            if ready:
                self.out.write("\r\033[K")
                self.pending_input = sys.stdin.readline().strip()
                return False


def run(
    handle: Callable[[str], Optional[Turn]],
    lines: Iterable[str],
    out: TextIO,
    json_mode: bool = False,
    pace: bool = True,
    interactive: bool = False,
) -> int:
    """The conversation loop shared by the prompt and the pipe; returns the number of turns."""
    renderer = Renderer(out, pace=pace and not json_mode, interactive=interactive)
    buttons: List[Dict[str, str]] = []
    turns = 0
    source = iter(lines)
    while True:
        if renderer.pending_input is not None:
            line, renderer.pending_input = renderer.pending_input, None
        else:
            line = next(source, None)
            if line is None:
                return turns
        choice = line.strip()
        if choice.isdigit() and 1 <= int(choice) <= len(buttons):
            line = buttons[int(choice) - 1]["payload"]
        turn = handle(line)
        if turn is None:
            continue
        turns += 1
        buttons = [b for reply in turn.replies for b in reply.buttons]
        if json_mode:
            for record in reply_records(turn, turns):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            out.flush()
        else:
            for reply in turn.replies:
                renderer.render(reply)


def prompt_lines() -> Iterator[str]:
    """Interactive input with line editing; history stays in memory, never on disk."""
    try:
        import readline  # noqa: F401  (enables editing and history for input())
    except ImportError:
        pass
    while True:
        try:
            line = input(PROMPT)
        except EOFError:
            print()
            return
        if line.strip().lower() in {"quit", "exit"}:
            return
        yield line
