"""Errors a user can fix; the CLI prints their message on one line instead of a traceback."""


class SetupError(RuntimeError):
    """Something is missing or unreadable (no model, no microphone, a bad file); the message says how to fix it."""
