"""Every path, limit and engine choice in one place, read from the environment once.

Front ends, the runtime and the tests all ask this module, so moving the data
directory or presetting a country is a single environment variable.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from assistant.core.errors import SetupError
from assistant.safety import helplines

ROOT = Path(__file__).resolve().parents[2]

QUIET_RASA = {"RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3", "LOG_LEVEL_LIBRARIES": "ERROR",
              "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}
"""Environment Rasa and its libraries read as they start: no telemetry, no library chatter."""


def prepare_environment() -> None:
    """Set :data:`QUIET_RASA` (unless already set) before anything imports Rasa: every entry point
    (the CLI, the action server, :class:`~assistant.core.runtime.Engine`, the tests) calls it."""
    for name, value in QUIET_RASA.items():
        os.environ.setdefault(name, value)


MAX_MESSAGE_CHARS = 20000
"""Longer messages are trimmed before NLU. Generous on purpose: risk can be buried deep in a long
post, and the crisis detector only sees what NLU sees (a 20,000-character message parses in 0.4 s)."""

LOCAL_SENDER = "local-user"
"""Default conversation id, so a conversation in the shell resumes where it stopped."""


def _data_dir() -> Path:
    explicit = os.environ.get("COMPASSION_DATA_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "compassion"


@dataclass(frozen=True)
class Settings:
    """Resolved settings; build one with :func:`load`."""

    root: Path
    data_dir: Path
    models_dir: Path
    spacy_dir: Path
    country: str | None
    endpoints_file: Path | None = None
    """A Rasa endpoints file choosing where conversations are kept (e.g. PostgreSQL and a Redis lock
    store); without one they go to SQLite in :attr:`tracker_db`."""
    session_minutes: float | None = None
    """Idle minutes after which a conversation starts a new session (slots carry over); None keeps
    the domain's setting, 0 never starts a new one."""

    @property
    def tracker_db(self) -> Path:
        return self.data_dir / "conversations.db"


def load() -> Settings:
    """Read the environment now (tests change it between calls)."""
    country = helplines.setting_country()  # validated: an unknown code is a one-line warning on stderr, then ignored
    endpoints = os.environ.get("COMPASSION_ENDPOINTS", "").strip()
    return Settings(
        root=ROOT,
        data_dir=_data_dir(),
        models_dir=Path(os.environ.get("COMPASSION_MODELS_DIR", ROOT / "models")),
        spacy_dir=ROOT / "build" / "spacy" / "en_compassion",
        country=country,
        endpoints_file=Path(endpoints).expanduser() if endpoints else None,
        session_minutes=_minutes(os.environ.get("COMPASSION_SESSION_MINUTES", "")),
    )


def _minutes(value: str) -> float | None:
    if not value.strip():
        return None
    try:
        minutes = float(value)
    except ValueError:
        minutes = -1.0
    if minutes < 0:
        raise SetupError(f"COMPASSION_SESSION_MINUTES must be a number of minutes (0 or more), not {value!r}")
    return minutes


def private_directory(path: Path) -> None:
    """Create ``path`` (and its parents) as this account's alone: what people write is kept there, and on a shared
    machine other accounts must not read it. A folder that already exists (``/tmp``, the working directory) keeps
    its mode."""
    if not path.exists():
        path.mkdir(parents=True, mode=0o700)
        path.chmod(0o700)  # mkdir's mode is filtered by the umask
