"""Speed-ups of Rasa's calls to the action server: what is sent, how it is written, how the answer is checked.

Part of :mod:`assistant.rasa_compat.speedups` (applied with them, only on the pinned Rasa). A custom action
costs a turn about 1.7 ms here, most of it moving the whole conversation to the other process and back.
"""
from __future__ import annotations

from typing import Any, Dict

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


def serialise_action_calls_quickly() -> None:
    """Rasa sends the action server the whole conversation (about 30 kB by the twentieth turn) through the
    standard ``json`` module: 0.5 ms a call here. ujson, already installed with Rasa and pinned in the lock,
    writes the same JSON in 0.2 ms; the session is otherwise Rasa's own."""
    import aiohttp
    import ujson
    from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT, EndpointConfig

    def dumps(payload: Any) -> str:
        return ujson.dumps(payload, escape_forward_slashes=False)

    def session(self: EndpointConfig) -> aiohttp.ClientSession:
        auth = aiohttp.BasicAuth(self.basic_auth["username"], self.basic_auth["password"]) if self.basic_auth else None
        return aiohttp.ClientSession(headers=self.headers, auth=auth, json_serialize=dumps,
                                     timeout=aiohttp.ClientTimeout(total=DEFAULT_REQUEST_TIMEOUT))

    EndpointConfig.session = session


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
