"""Logging to stderr only, quiet by default, never with message text unless debugging.

Rasa's own structlog set-up writes to stdout, which would corrupt ``chat --json``;
this replaces it. Rasa's and Sanic's own error paths put what a person sent into log
lines (the "Failed to validate the events format" error quotes the events, tracebacks
quote exception messages), so outside debugging every record passes :class:`PrivacyFilter`
on its way out: libraries' lines lose everything after "Error:" and beyond the first
line, and tracebacks are reduced to the exception's type.
"""
from __future__ import annotations

import logging
import re
import sys
from typing import Any, List, MutableMapping, Optional

import structlog

PRIVATE_KEYS = frozenset({"text", "user_text", "message", "response", "response_text", "rasa_event", "parse_data", "metadata", "tracker"})
"""Fields of Rasa's structured log events that can carry what a person said (e.g. a REST failure logs ``text``)."""


def _redact(logger: Any, method: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    for key in PRIVATE_KEYS & event.keys():
        event[key] = "[redacted]"
    return event


_DETAILS = re.compile(r"(?i)\b(?:error|exception|details?|reason|instance|request body|request)\s*[:=]")
MAX_LIBRARY_LINE = 300


class PrivacyFilter(logging.Filter):
    """Strips what a library's log line may quote of a request before any handler writes it."""

    def filter(self, record: logging.LogRecord) -> bool:
        kinds = _exception_kinds(record.exc_info[1] if record.exc_info else None)
        message = record.getMessage()
        if not record.name.startswith("assistant"):
            message = withhold_details(message)
        if kinds:
            message = f"{message} ({kinds})"
        record.msg, record.args = message, ()
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True


def withhold_details(message: str) -> str:
    """A library's message up to its first line break and its first "Error:"-like label, bounded."""
    first = message.strip().splitlines()[0] if message.strip() else ""
    found = _DETAILS.search(first)
    if found:
        first = first[: found.start()].rstrip() + " [details withheld]"
    return first if len(first) <= MAX_LIBRARY_LINE else first[:MAX_LIBRARY_LINE] + " [cut]"


def _exception_kinds(error: Optional[BaseException]) -> str:
    """The types in an exception chain ("RasaException <- TimeoutError"), never their messages."""
    kinds: List[str] = []
    while error is not None and len(kinds) < 5:
        kinds.append(type(error).__name__)
        error = error.__cause__ or error.__context__
    return " <- ".join(kinds)


def configure(debug: bool = False) -> None:
    level = logging.DEBUG if debug else logging.WARNING
    logging.basicConfig(stream=sys.stderr, level=level, format="%(levelname)s %(name)s: %(message)s", force=True)
    if not debug:
        for handler in logging.getLogger().handlers:
            handler.addFilter(PrivacyFilter())
    for noisy in ("tensorflow", "absl", "h5py", "matplotlib", "sanic", "asyncio", "urllib3", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if debug else logging.ERROR)
    # Warnings become log records (libraries reset the warning filters as they import, so filters
    # alone would not hold): shown when debugging, dropped otherwise.
    logging.captureWarnings(True)
    logging.getLogger("py.warnings").setLevel(logging.DEBUG if debug else logging.CRITICAL)
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *([] if debug else [_redact]),
            structlog.processors.add_log_level,
            structlog.processors.KeyValueRenderer(key_order=["event"]),
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.make_filtering_bound_logger(level),
        cache_logger_on_first_use=True,
    )


def route_sanic_to_stderr() -> None:
    """Sanic gives its loggers their own handlers (two on stdout) when an app is made; send them through ours."""
    for name in ("sanic.root", "sanic.error", "sanic.access"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.setLevel(logging.NOTSET)
        logger.propagate = True
