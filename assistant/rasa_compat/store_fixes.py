"""Two Rasa 3.6 behaviours that let one request stop the server or hold a crisis answer, made safe.

Unlike assistant/rasa_compat/speedups.py these change behaviour, so they are applied always (also with
``COMPASSION_PLAIN_RASA=1``):

- ``SQLTrackerStore.session_scope`` takes *any* ``ValueError`` raised while a session is open (the
  driver's ``UnicodeEncodeError`` for an unencodable sender id is one) for "PostgreSQL schema not
  found" and calls ``sys.exit(1)``: one request ended the server. Here only a missing schema is
  reported as such, as an error of the store, and everything else propagates to the tracker store's
  error handling (a :class:`~assistant.core.stores.StoreError` for the turn).
- ``RemoteAction.run`` waits five minutes for the action server. Here each call is bounded to
  :data:`ACTION_TIMEOUT_SECONDS`, and a failed call is noted in :data:`FAILED_ACTIONS`, so the turn
  knows that the lines an action would have added are missing.
"""
from __future__ import annotations

import contextlib
import contextvars
import logging
from typing import Any, Callable, Generator, List, NoReturn, Optional

log = logging.getLogger(__name__)

ACTION_TIMEOUT_SECONDS = 2.0
"""Longest wait for one custom action: a hung action server must not hold a turn (or a crisis answer). Session 28 tried
5 s, after a new user met four apologies while this machine also trained a model and ran two other jobs; the hung
server was then checked only after it had been woken again, so it was not replaced. 2 s stays."""

FAILED_ACTIONS: "contextvars.ContextVar[Optional[List[str]]]" = contextvars.ContextVar("compassion_failed_actions", default=None)
"""Set to a list by whoever runs a turn; the names of custom actions that failed in it are appended."""


class SchemaMissing(RuntimeError):
    """The PostgreSQL schema named by POSTGRESQL_SCHEMA does not exist (Rasa would exit the process)."""


def store_errors_never_exit() -> None:
    """Replace Rasa's session scope with one that raises instead of calling ``sys.exit``."""
    from rasa.core import tracker_store
    from rasa.core.tracker_store import SQLTrackerStore

    ensure_schema_exists = tracker_store.ensure_schema_exists

    @contextlib.contextmanager
    def session_scope(self: SQLTrackerStore) -> Generator[Any, None, None]:
        session = self.sessionmaker()
        try:
            try:
                ensure_schema_exists(session)
            except ValueError as error:
                raise SchemaMissing(f"the PostgreSQL schema {error} does not exist") from None
            yield session
        finally:
            session.close()

    SQLTrackerStore.session_scope = session_scope


def bound_action_calls() -> None:
    """Give every action-server call :data:`ACTION_TIMEOUT_SECONDS` and note the ones that fail."""
    from rasa.core.actions import action
    from rasa.core.actions.action import ActionExecutionRejection, RemoteAction

    if getattr(RemoteAction.run, "_compassion_bounded", False):
        return
    action.DEFAULT_REQUEST_TIMEOUT = ACTION_TIMEOUT_SECONDS  # read by RemoteAction.run at each call
    original = RemoteAction.run

    async def run(self: RemoteAction, *args: Any, **kwargs: Any) -> Any:
        try:
            return await original(self, *args, **kwargs)
        except ActionExecutionRejection:
            raise  # a form rejecting input: the action server answered
        except BaseException:
            failed = FAILED_ACTIONS.get()
            if failed is not None:
                failed.append(self.name())
            raise

    run._compassion_bounded = True  # type: ignore[attr-defined]
    RemoteAction.run = run


def on_store_error(agent: Any, handler: Callable[[Exception], NoReturn]) -> None:
    """Call ``handler`` where Rasa's fail-safe tracker store would log the error and carry on without it."""
    agent.tracker_store._on_tracker_store_error = handler


def inner_store(store: Any) -> Any:
    """The tracker store inside Rasa's fail-safe wrapper (or the store itself)."""
    return getattr(store, "_tracker_store", store)


def apply() -> None:
    store_errors_never_exit()
    bound_action_calls()
