"""Logging to stderr only, quiet by default, never with message text unless debugging.

Rasa's own structlog set-up writes to stdout, which would corrupt ``chat --json``;
this replaces it.
"""
from __future__ import annotations

import logging
import sys
import warnings

import structlog


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
            structlog.processors.add_log_level,
            structlog.processors.KeyValueRenderer(key_order=["event"]),
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.make_filtering_bound_logger(level),
        cache_logger_on_first_use=True,
    )
