"""The keyboard stage: Enter starts a push-to-talk turn, and while the assistant speaks it stops the speech.

stdin is read by one thread for the whole session; lines queue up for the loop, or, while a handler is
installed (see :meth:`Keyboard.intercept`), go to it at once: that is how Enter barges in.
"""
from __future__ import annotations

import contextlib
import queue
import sys
import threading
from typing import IO, Callable, Iterator, Optional

EOF = object()


class Keyboard:
    """Reads stdin lines in a thread: Enter starts a turn, or (while speaking) stops the speech."""

    def __init__(self, stream: Optional[IO[str]] = None) -> None:
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
        """The next line, waiting as long as it takes."""
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


def stdin_is_tty() -> bool:
    try:
        return sys.stdin.isatty()
    except (ValueError, AttributeError):
        return False
