"""Speed-ups of Rasa's calls to the action server: what is sent, how it is written, how the answer is checked.

Part of :mod:`assistant.rasa_compat.speedups` (applied with them, only on the pinned Rasa). A custom action
costs a turn about 1.7 ms here, most of it moving the whole conversation to the other process and back.
"""
from __future__ import annotations

from typing import Any, Dict, Tuple

UNREAD_PARSE_DATA = ("intent_ranking", "response_selector")
"""What an earlier message's parse carries that no action of ours reads (the latest message keeps it all)."""
UNREAD_EVENTS = ("user_featurization",)
"""Events no action reads: Rasa's record of how a message was featurised for the policies."""


def validate_action_results_quickly() -> None:
    """Validate action-server responses with validators built once, each event against its own type's schema.

    Rasa's ``RemoteAction`` calls ``jsonschema.validate`` on every custom action, which checks
    the schema itself each time: about 100 ms of every turn on this machine. Built once, it still tried
    every event against all 23 event schemas of a ``oneOf`` (1.5 ms a call). Each of those schemas fixes
    the event's name, so an event can only match the one named like it: that one alone is checked. A
    response that fails is checked again the full way, so it fails with the same error as before.
    """
    from jsonschema import ValidationError
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.utils.schemas.events import EVENT_SCHEMA

    spec = RemoteAction.action_response_format_spec()
    kind = validator_for(spec)
    full = kind(spec)
    frame = {key: value for key, value in EVENT_SCHEMA.items() if key != "oneOf"}
    by_name = {one["properties"]["event"]["const"]: kind({**frame, "allOf": [one]}) for one in EVENT_SCHEMA["oneOf"]}
    outside_events = kind({**spec, "properties": {**spec["properties"], "events": {"type": "array"}}})

    def quickly_valid(result: Any) -> bool:
        events = result.get("events", []) if isinstance(result, dict) else None
        return (isinstance(events, list) and outside_events.is_valid(result)
                and all(isinstance(event, dict) and isinstance(event.get("event"), str) and event["event"] in by_name
                        and by_name[event["event"]].is_valid(event) for event in events))

    def validate(self: RemoteAction, result: dict) -> bool:
        if quickly_valid(result):
            return True
        try:
            full.validate(result)
            return True
        except ValidationError as error:
            error.message += ". Failed to validate the action server's response."
            raise

    RemoteAction._validate_action_result = validate


KEEP_IDLE_SECONDS = 2.0
"""How long an idle connection to the action server is kept: turns in quick succession reuse it, and the action
server (Sanic, which closes idle connections after 5 s) never closes one this side still means to use."""


def _new_session(endpoint: Any, connector: Any = None) -> Any:
    """An aiohttp session for ``endpoint`` as Rasa makes it, writing JSON with ujson."""
    import aiohttp
    import ujson
    from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT

    def dumps(payload: Any) -> str:
        return ujson.dumps(payload, escape_forward_slashes=False)

    auth = aiohttp.BasicAuth(endpoint.basic_auth["username"], endpoint.basic_auth["password"]) if endpoint.basic_auth else None
    return aiohttp.ClientSession(headers=endpoint.headers, auth=auth, json_serialize=dumps, connector=connector,
                                 timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT))


class _Request:
    """One request on the kept session, used as Rasa uses aiohttp's (``async with session.request(...)``). Never sent
    twice (an action may have run); aiohttp drops a connection that failed, and other conversations' requests on the
    session go on."""

    def __init__(self, kept: Any, args: Tuple[Any, ...], kwargs: Dict[str, Any]) -> None:
        self._kept, self._args, self._kwargs = kept, args, kwargs
        self._response: Any = None

    async def __aenter__(self) -> Any:
        self._response = await self._kept.request(*self._args, **self._kwargs)
        return self._response

    async def __aexit__(self, *exc: Any) -> None:
        self._response.release()


class _KeptSession:
    """What ``async with endpoint.session()`` gives Rasa: the endpoint's kept session, left open afterwards."""

    def __init__(self, kept: Any) -> None:
        self._kept = kept
        self._json_serialize = kept._json_serialize

    async def __aenter__(self) -> "_KeptSession":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        return None

    def request(self, *args: Any, **kwargs: Any) -> _Request:
        return _Request(self._kept, args, kwargs)


def serialise_action_calls_quickly() -> None:
    """Rasa sends the action server the whole conversation (about 30 kB by the twentieth turn) through the
    standard ``json`` module: 0.5 ms a call here. ujson, already installed with Rasa and pinned in the lock,
    writes the same JSON in 0.2 ms.

    Rasa also opens a new session, and so a new connection, for every call (0.6 ms here). Each endpoint keeps one
    session per event loop instead, whose idle connections live ``KEEP_IDLE_SECONDS`` (a restarted action server's old
    connections are seen closed while the runtime waits for it to be ready); :func:`close_connections` closes it when the
    runtime stops."""
    import asyncio

    import aiohttp
    from rasa.utils.endpoints import EndpointConfig

    def session(self: EndpointConfig) -> _KeptSession:
        loop = asyncio.get_running_loop()
        kept = self.__dict__.get("_kept_session")
        if kept is None or kept[0] is not loop or kept[1].closed:
            connector = aiohttp.TCPConnector(keepalive_timeout=KEEP_IDLE_SECONDS)
            kept = self.__dict__["_kept_session"] = (loop, _new_session(self, connector))
        return _KeptSession(kept[1])

    EndpointConfig.session = session


async def close_connections(endpoint: Any) -> None:
    """Close the session an endpoint kept on the running loop (at shutdown: no "unclosed session" warning)."""
    kept = getattr(endpoint, "__dict__", {}).pop("_kept_session", None)
    if kept is not None and not kept[1].closed:
        await kept[1].close()


def send_actions_what_they_read() -> None:
    """Leave out of each call what actions never read: the intent ranking of every earlier message (the
    ``latest_message`` field keeps the latest one whole) and the featurisation events. By the twentieth turn
    that is about a third of the conversation; writing, sending and reading it cost 0.4 ms a call."""
    from rasa.core.actions.action import RemoteAction

    original = RemoteAction._action_call_format

    def lighter(event: Dict[str, Any]) -> Dict[str, Any]:
        parse = event.get("parse_data")
        if event.get("event") != "user" or not isinstance(parse, dict):
            return event
        return {**event, "parse_data": {key: value for key, value in parse.items() if key not in UNREAD_PARSE_DATA}}

    def call_format(self: RemoteAction, tracker: Any, domain: Any) -> Dict[str, Any]:
        call = original(self, tracker, domain)
        state = call["tracker"]
        state["events"] = [lighter(event) for event in state.get("events") or [] if event.get("event") not in UNREAD_EVENTS]
        return call

    RemoteAction._action_call_format = call_format


def apply() -> None:
    validate_action_results_quickly()
    serialise_action_calls_quickly()
    send_actions_what_they_read()
