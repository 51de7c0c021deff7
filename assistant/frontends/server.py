"""`compassion serve`: Rasa's HTTP API and REST channel over the same agent and stores as the shell.

Bound to 127.0.0.1 unless told otherwise. The HTTP API (``/status``, ``/conversations/...``,
``/model/...``) always needs the token (``?token=...``); ``/`` and ``/version`` answer without one and
are the health check. The REST channel (``/webhooks/rest/webhook``) is for front ends on this machine:
on a loopback address it needs no token but takes only JSON sent to a loopback Host, so a web page
cannot post into a conversation (a cross-origin JSON post needs a CORS preflight, refused unless
``--cors`` allows that origin, and a DNS-rebinding page fails the Host check). Bound to any other
address the REST channel needs the token too.

Every REST request goes through the input boundary before Rasa sees it: at most 1 MB (413), a
sender id of 1 to 128 characters (400 otherwise; any characters, stored under
:func:`~assistant.core.text.conversation_id`, and the API maps the id in its paths the same way), metadata
a JSON object of at most 8 KB, and the message cleaned like the shell's, so no form of ``/intent{...}``
is obeyed. Turns are answered by :func:`assistant.core.runtime.answer`, as in the shell: a crisis is
answered within seconds whatever the database or the action server do, a turn that fails or comes
back empty gets the same apology, and Rasa's failure logs (which carry the message text) are never
reached.
"""
from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import re
import secrets
import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List, Optional, Tuple
from urllib.parse import unquote

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, Sanic, response
from sanic.headers import parse_host
from sanic.request import Request

from assistant.core import logs
from assistant.core import settings as settings_module
from assistant.core.action_server import ActionServer
from assistant.core.errors import SetupError
from assistant.core.runtime import answer, close_agent, latest_model, start_assistant
from assistant.core.text import clean, command_shaped, conversation_id, sender_problem

log = logging.getLogger(__name__)

Handler = Callable[[UserMessage], Awaitable[Any]]


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 5005
    token: Optional[str] = None
    cors: Optional[List[str]] = None
    endpoints_file: Optional[Path] = None
    debug: bool = False


def new_token() -> str:
    """A random API token that never starts with "-", so that it can follow --token on a command line."""
    return "c" + secrets.token_urlsafe(24)


def is_loopback(host: str) -> bool:
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


MAX_BODY_BYTES = 1_000_000
"""Largest REST request: a 20,000-character message and its metadata fit many times over (413 beyond)."""

MAX_METADATA_BYTES = 8192
"""Largest ``metadata`` (as UTF-8 JSON): it is stored with every message, so it must stay small."""

_SURROGATE = re.compile("[\ud800-\udfff]")


def _scrub(value: Any) -> Any:
    """Metadata with lone surrogates replaced: they cannot be encoded for the store or the JSON API."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_scrub(item) for item in value]
    if isinstance(value, dict):
        return {_scrub(str(key)): _scrub(item) for key, item in value.items()}
    return value


def read_request(body: bytes) -> Tuple[Optional[Dict[str, Any]], Optional[str]]:
    """The REST request's sender, message and metadata, checked; or why it is refused (a 400)."""
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError):  # ValueError covers invalid JSON and invalid UTF-8
        return None, 'send a JSON object: {"sender": ..., "message": ...}'
    if not isinstance(payload, dict):
        return None, 'send a JSON object: {"sender": ..., "message": ...}'
    problem = sender_problem(payload.get("sender"))
    if problem:
        return None, problem
    message = payload.get("message")
    if message is not None and not isinstance(message, str):
        return None, "the message must be a string"
    metadata = payload.get("metadata")
    if metadata is not None:
        if not isinstance(metadata, dict):
            return None, "metadata must be a JSON object"
        metadata = _scrub(metadata)
        if len(json.dumps(metadata, ensure_ascii=False).encode("utf-8")) > MAX_METADATA_BYTES:
            return None, f"metadata must be at most {MAX_METADATA_BYTES} bytes of JSON"
    return {"sender": payload["sender"], "message": message or "", "metadata": metadata or None}, None


async def read_body(request: Request, limit: int = MAX_BODY_BYTES) -> Optional[bytes]:
    """The request body, or None as soon as it is larger than ``limit`` (Sanic drains the rest)."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit:
        return None
    body = bytearray()
    while True:
        chunk = await request.stream.read() if request.stream else None
        if chunk is None:
            return bytes(body)
        body += chunk
        if len(body) > limit:
            return None


def same_secret(given: str, expected: str) -> bool:
    """Constant-time comparison that also takes non-ASCII input (hmac refuses non-ASCII str)."""
    return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), expected.encode("utf-8", "surrogateescape"))


class CleanRestInput(RestInput):
    """Rasa's REST channel behind the input boundary: limits, sender ids, cleaning, crisis-first answers."""

    def __init__(self, token: Optional[str], loopback: bool, actions: Optional[ActionServer] = None) -> None:
        self.token = token
        self.loopback = loopback
        self.actions = actions

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        """``GET /`` and ``POST /webhook`` as Rasa's, with every request read by :func:`read_request`."""
        routes = Blueprint("custom_webhook_CleanRestInput")

        async def health(request: Request) -> response.HTTPResponse:
            return response.json({"status": "ok"})

        async def receive(request: Request) -> response.HTTPResponse:
            return await self._receive(request)

        routes.add_route(health, "/", methods=["GET"])
        routes.add_route(receive, "/webhook", methods=["POST"], stream=True)  # streamed: the size limit is ours
        routes.middleware("request")(self._guard)
        return routes

    async def _guard(self, request: Request) -> Optional[response.HTTPResponse]:
        if self.token and not same_secret(request.args.get("token", ""), self.token):
            return response.json({"error": "this server needs ?token=..."}, status=401)
        if self.loopback and not is_loopback(parse_host(request.headers.get("host", ""))[0] or ""):
            return response.json({"error": "only local front ends may use this channel"}, status=403)
        if request.method == "POST" and (request.content_type or "").split(";")[0].strip().lower() != "application/json":
            return response.json({"error": "send JSON: {\"sender\": ..., \"message\": ...}"}, status=415)
        return None

    async def _receive(self, request: Request) -> response.HTTPResponse:
        body = await read_body(request)
        if body is None:
            return response.json({"error": f"the request is larger than {MAX_BODY_BYTES} bytes"}, status=413)
        fields, problem = read_request(body)
        if fields is None:
            return response.json({"error": problem}, status=400)
        text = clean(fields["message"])
        if not text:
            return response.json([])  # an empty line is not a turn, as in the shell
        sender = conversation_id(fields["sender"])
        channel = CollectingOutputChannel()
        messages, _ = await answer(request.app.ctx.agent, text, sender, channel, self.actions, metadata=fields["metadata"],
                                   input_channel=self.name(), command=command_shaped(fields["message"]))
        return response.json([{"recipient_id": sender, **m} for m in messages])


async def map_conversation_ids(request: Request) -> None:
    """The API's ``/conversations/<id>/...`` takes the sender id as given to the REST channel, URL-encoded."""
    value = request.match_info.get("conversation_id") if isinstance(request.match_info, dict) else None
    if isinstance(value, str):
        request.match_info["conversation_id"] = conversation_id(unquote(value, errors="surrogatepass"))


def check_port_free(host: str, port: int) -> None:
    """Say so at once, before the model spends seconds loading."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise SetupError(f"cannot listen on {host}:{port}: {error.strerror}; choose another --port or --host") from None


def build_app(agent: Any, actions: ActionServer, options: ServeOptions, token: str) -> Sanic:
    """Rasa's app (API with token, CORS as asked) plus our REST channel and action-server care."""
    from rasa import server
    from rasa.core import channels
    from rasa.core.constants import DEFAULT_KEEP_ALIVE_TIMEOUT

    app = server.create_app(agent=agent, cors_origins=options.cors or "", auth_token=token)
    app.config.KEEP_ALIVE_TIMEOUT = DEFAULT_KEEP_ALIVE_TIMEOUT  # as `rasa run`: outlive clients' idle connections, not race them
    logs.route_sanic_to_stderr()
    loopback = is_loopback(options.host)
    channels.channel.register([CleanRestInput(None if loopback else token, loopback, actions)], app, route="/webhooks/")
    from assistant.frontends import web  # imported here: web builds on this module

    web.register(app, actions, options, token)  # the page at /app/ and its endpoints

    async def keep_actions_running(request: Request) -> None:
        actions.revive()  # the REST channel waits for it where a turn needs it; nothing else waits

    async def announce(app: Sanic, loop: Any) -> None:
        where = f"[{options.host}]" if ":" in options.host else options.host
        sys.stderr.write(f"compassion: serving on http://{where}:{options.port} (REST /webhooks/rest/webhook, health /)\n")
        sys.stderr.flush()

    async def close(app: Sanic, loop: Any) -> None:
        await close_agent(agent)
        actions.stop()
        log.info("stopped; every finished turn is saved")

    app.register_middleware(keep_actions_running, "request")
    app.register_middleware(map_conversation_ids, "request")
    app.register_listener(announce, "after_server_start")
    app.register_listener(close, "after_server_stop")
    return app


def serve(options: ServeOptions) -> int:
    """Load once, serve until SIGTERM or Ctrl-C, then finish open turns and close everything."""
    settings = settings_module.load()
    model = latest_model(settings.models_dir)
    check_port_free(options.host, options.port)
    actions = ActionServer(settings.root, data_dir=settings.data_dir)
    agent = start_assistant(settings, model, actions, options.endpoints_file)
    try:
        token = options.token
        if not token:
            token = new_token()
            sys.stderr.write(f"compassion: API token (shown only now): {token}\n")
        if not is_loopback(options.host):
            sys.stderr.write(
                f"compassion: listening on {options.host}, reachable from other machines; every request needs the "
                "token and travels unencrypted unless a TLS proxy is in front\n"
            )
        app = build_app(agent, actions, options, token)
        app.run(host=options.host, port=options.port, workers=1, access_log=options.debug, motd=False)
    finally:
        actions.stop()
    return 0
