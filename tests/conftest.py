"""Shared fixtures: one trained model and one warm engine for the whole run.

`make test` trains (or reuses) the model before pytest starts; tests load the
newest model and never train themselves.
"""
from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest

from assistant.core.settings import prepare_environment

ROOT = Path(__file__).resolve().parent.parent
prepare_environment()


MODEL_FIXTURES = frozenset({"model_path", "engine"})
"""Fixtures that need the trained model: a test using one is marked ``model``, and `make test-unit`
(``-m "not model"``) runs the others, which need no model, in well under a minute."""


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "model: needs the trained model (skipped by `make test-unit`)")


def pytest_collection_modifyitems(items: List[pytest.Item]) -> None:
    for item in items:
        if MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.model)


@pytest.fixture(scope="session", autouse=True)
def private_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Conversations from tests go to a temporary directory, never the user's."""
    path = tmp_path_factory.mktemp("compassion-data")
    os.environ["COMPASSION_DATA_DIR"] = str(path)
    os.environ.pop("COMPASSION_COUNTRY", None)
    return path


@pytest.fixture(scope="session")
def model_path() -> Path:
    from assistant.core.runtime import latest_model
    from assistant.core.settings import load

    return latest_model(load().models_dir)


@pytest.fixture(scope="session")
def engine(model_path: Path, private_data_dir: Path):
    from assistant.core import logs
    from assistant.core.runtime import Engine

    logs.configure()
    with Engine(model=model_path) as running:
        yield running


@pytest.fixture
def sender() -> str:
    return f"test-{uuid.uuid4().hex[:8]}"


def run_cli(args: List[str], stdin: bytes = b"", env: Optional[Dict[str, str]] = None, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run the installed `compassion` command as a user would."""
    command = [str(Path(sys.executable).parent / "compassion")] + args
    return subprocess.run(command, input=stdin, capture_output=True, timeout=timeout, cwd=ROOT, env={**os.environ, **(env or {})})


def run_action(action: Any, tracker: Any) -> Tuple[List[Dict[str, Any]], Dict[str, Any]]:
    """Run a custom action on a tracker: the messages it sent, and the slots it set (name -> value)."""
    from rasa_sdk.executor import CollectingDispatcher

    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, tracker, {})
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def tracker_for(intent: str, text: str = "", slots: Optional[Dict[str, Any]] = None, events: Optional[List[Dict[str, Any]]] = None,
                entities: Optional[List[Dict[str, Any]]] = None):
    """A rasa_sdk Tracker whose latest message has the given intent, entities and slots."""
    from rasa_sdk import Tracker

    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": entities or []}
    return Tracker.from_dict(
        {
            "sender_id": "unit",
            "slots": slots or {},
            "latest_message": latest,
            "events": (events or []) + [{"event": "user", "text": text, "parse_data": latest}],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        }
    )
