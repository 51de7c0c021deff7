"""The text front end: reads lines, hands them to the engine, renders the replies.

With a terminal it is an interactive prompt (line editing and in-memory history,
numbered buttons, exercises paced in real time and interrupted by typing).
Piped, it reads one message per line and prints plain text or JSON lines.
"""
from __future__ import annotations

import itertools
import json
import re
import select
import sys
import threading
import time
from typing import Callable, Dict, Iterable, Iterator, List, Optional, TextIO

from assistant.core.replies import Reply, Turn, exercise_steps
from assistant.core.text import decode
from assistant.safety.lexicon import assess

BOT = "Compassion"
PROMPT = "you> "
# Playback controls during a paced exercise (the front end's job, like a media player's buttons).
PLAYER_WORDS = {
    "pause": "pause", "wait": "pause", "hold on": "pause", "one moment": "pause",
    "resume": "resume", "continue": "resume", "go on": "resume", "carry on": "resume", "ok": "resume", "okay": "resume",
    "k": "resume", "mhm": "resume", "yes": "resume", "yeah": "resume", "got it": "resume", "alright": "resume", "sure": "resume",
    "skip": "skip", "next": "skip", "skip this": "skip",
    "slower": "slower", "slow down": "slower", "too fast": "slower",
    "faster": "faster", "speed up": "faster", "too slow": "faster",
    "repeat": "repeat", "again": "repeat", "say that again": "repeat",
}
# The same controls said as a whole short sentence ("sorry, can you repeat that", "slow down a bit please"), and the
# player's own question ("how long is this going to take?"). Only these whole sentences: anything more, and any risk
# word, goes to the assistant ("how much longer do i have to pretend", "slow down i cant breathe").
POLITE = r"^(?:(?:sorry|please|ok|okay|um|hmm|hey|oh)\W+)*(?:(?:can|could|would) you\W+)?"
AFTER = r"(?:\W+(?:a bit|a little|please|thanks|thank you|again|for me|last bit|that last bit|the last bit|the last step))*\W*$"
MORE = r"(?:go |be |a (?:bit|little) )?(?:a (?:bit|little) |much )?"  # "go a bit slower", "a little faster"
PLAYER_PHRASES = ((re.compile(POLITE + r"(?:repeat(?: that| it| this)?|say (?:that|it) again|go back)" + AFTER), "repeat"),
                  (re.compile(POLITE + r"(?:slow(?: it)? down|" + MORE + r"slower|(?:that'?s |its |it'?s )?too fast)" + AFTER), "slower"),
                  (re.compile(POLITE + r"(?:speed(?: it)? up|" + MORE + r"faster|(?:that'?s |its |it'?s )?too slow)" + AFTER), "faster"),
                  (re.compile(POLITE + r"(?:how (?:long|much longer)(?: (?:is|will|does) (?:this|it|the exercise)"
                              r"(?: (?:going to |gonna )?(?:take|last|go on))?| left)?|how many (?:more )?steps(?: are)?(?: there| left)?)"
                              + AFTER), "time_left"))
STOP_WORDS = re.compile(r"\b(?:stop|enough|quit|end|cancel|exit|done)\b")


def player_command(line: str) -> Optional[str]:
    """The playback control a line typed during an exercise asks for; the line itself when it is a message."""
    said = line.lower().strip(" .!?")
    if said in PLAYER_WORDS:
        return PLAYER_WORDS[said]
    if not STOP_WORDS.search(said) and not assess(said).matches:
        found = next((command for pattern, command in PLAYER_PHRASES if pattern.match(said)), None)
        if found:
            return found
    return line


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
    return turn.records(turn=number, user=turn.user)


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
        if reply.exercise and not self.perform(reply.exercise):
            return  # stopped: the other ways to do it belong to its end, not to the next message
        for index, button in enumerate(reply.buttons, 1):
            self.out.write(f"  {index}. {button['title']}\n")
        self.out.flush()

    def perform(self, exercise: Dict) -> bool:
        """Show each step, then wait its pause; False when it was stopped before the end.

        While it waits, the player words below control playback; anything else the person
        types (``stop`` included) ends the exercise and goes to the assistant as the next message. Ctrl-C ends the
        exercise only.
        """
        steps, closing = exercise_steps(exercise)
        number, speed = 0, 1.0
        while number < len(steps):
            step = steps[number]
            breath = f"({step.breath}) " if step.breath else ""
            self.out.write(f"  [{number + 1}/{len(steps)}] {breath}{step.text}\n")
            self.out.flush()
            try:
                command = self.wait(step.seconds * speed) if self.pace else None
            except KeyboardInterrupt:  # Ctrl-C ends the exercise, not the conversation
                self.say("Stopping the exercise.")
                return False
            if command in (None, "skip", "resume"):
                number += 1
            elif command == "time_left":
                minutes = round(sum(s.seconds for s in steps[number + 1:]) * speed / 60)
                self.say(f"About {minutes} more minutes." if minutes > 1 else "About a minute to go." if minutes else "Nearly done.")
                number += 1
            elif command == "slower":
                speed *= 1.5
                self.say("Slowing down.")
            elif command == "faster":
                speed /= 1.5
                self.say("A little quicker.")
            elif command == "pause":
                self.say("Paused. Press Enter or type resume when you're ready.")
                if not self.wait_for_resume():
                    return False
            elif command != "repeat":
                self.say("Stopping the exercise.")
                self.pending_input = command
                return False
        if closing:
            self.say(closing)
        return True

    def wait(self, seconds: float) -> Optional[str]:
        """Pause for a step: None when the time is up, else the player word or the line typed."""
        if not self.interactive:
            time.sleep(seconds)
            return None
        deadline = time.monotonic() + seconds
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self.out.write("\r\033[K")
                return None
            self.out.write(f"\r    {'·' * int(left + 0.999)}\033[K")
            self.out.flush()
            ready, _, _ = select.select([sys.stdin], [], [], min(left, 0.25))
            if ready:
                self.out.write("\r\033[K")
                line = sys.stdin.readline().strip()
                return player_command(line)

    def wait_for_resume(self) -> bool:
        """Block until the person resumes; False if they typed something else (kept as next input)."""
        try:
            line = sys.stdin.readline().strip()
        except KeyboardInterrupt:  # Ctrl-C ends the exercise, not the conversation
            line = "stop"
        if not line or PLAYER_WORDS.get(line.lower().strip(" .!")) == "resume":
            return True
        self.pending_input = line
        self.say("Stopping the exercise.")
        return False


def show_reminders(replies: List[Reply], out: TextIO, json_mode: bool, over_prompt: bool = False) -> None:
    """Print due reminders; over an interactive prompt, clear the half-typed line first."""
    for reply in replies:
        if json_mode:
            out.write(json.dumps({"reminder": True, "text": reply.text}, ensure_ascii=False) + "\n")
        else:
            out.write(f"{chr(13) + chr(27) + '[K' if over_prompt else ''}{BOT}: {reply.text}\n")
    out.flush()


class ReminderTicker:
    """Shows due reminders while the prompt waits for input (interactive shell only)."""

    def __init__(self, due: Callable[[], List[Reply]], out: TextIO, every: float = 15.0) -> None:
        self.due = due
        self.out = out
        self.every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._tick, daemon=True)

    def _tick(self) -> None:
        while not self._stop.wait(self.every):
            replies = self.due()
            if replies:
                show_reminders(replies, self.out, json_mode=False, over_prompt=True)
                self.out.write(PROMPT)
                self.out.flush()

    def __enter__(self) -> "ReminderTicker":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()


def run(
    handle: Callable[[str], Optional[Turn]],
    lines: Iterable[str],
    out: TextIO,
    json_mode: bool = False,
    pace: bool = True,
    interactive: bool = False,
    due_reminders: Optional[Callable[[], List[Reply]]] = None,
) -> int:
    """The conversation loop shared by the prompt and the pipe; returns the number of turns."""
    renderer = Renderer(out, pace=pace and not json_mode, interactive=interactive)
    buttons: List[Dict[str, str]] = []
    turns = 0
    source = iter(lines)
    while True:
        if due_reminders is not None and not interactive:
            show_reminders(due_reminders(), out, json_mode)
        if renderer.pending_input is not None:
            line, renderer.pending_input = renderer.pending_input, None
        else:
            line = next(source, "\0")
            if line == "\0":
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
