"""Logging to stderr only, quiet by default, never with message text unless debugging.

Rasa's own structlog set-up writes to stdout, which would corrupt ``chat --json``;
this replaces it.
"""
from __future__ import annotations

import logging
import sys
import warnings
from typing import Any, MutableMapping

import structlog

PRIVATE_KEYS = frozenset({"text", "user_text", "message", "response", "response_text", "rasa_event", "parse_data", "metadata", "tracker"})
"""Fields of Rasa's structured log events that can carry what a person said (e.g. a REST failure logs ``text``)."""


def _redact(logger: Any, method: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    for key in PRIVATE_KEYS & event.keys():
        event[key] = "[redacted]"
    return event


def configure(debug: bool = False) -> None:
    level = logging.DEBUG if debug else logging.WARNING
    logging.basicConfig(stream=sys.stderr, level=level, format="%(levelname)s %(name)s: %(message)s", force=True)
    for noisy in ("tensorflow", "absl", "h5py", "matplotlib", "sanic", "asyncio", "urllib3", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if debug else logging.ERROR)
    if not debug:
        # Libraries reset the warning filters while they import, so silence the printer instead.
        warnings.showwarning = lambda *args, **kwargs: None
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
