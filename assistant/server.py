"""`compassion serve`: Rasa's HTTP API and REST channel over the same agent and stores as the shell.

Bound to 127.0.0.1 unless told otherwise. The HTTP API (``/status``, ``/conversations/...``,
``/model/...``) always needs the token (``?token=...``); ``/`` and ``/version`` answer without one and
are the health check. The REST channel (``/webhooks/rest/webhook``) is for front ends on this machine:
on a loopback address it needs no token but takes only JSON sent to a loopback Host, so a web page
cannot post into a conversation (a cross-origin JSON post needs a CORS preflight, refused unless
``--cors`` allows that origin, and a DNS-rebinding page fails the Host check). Bound to any other
address the REST channel needs the token too.

Every message is cleaned like the shell's, so ``/intent{...}`` is read as words; a turn that fails
or comes back empty gets the same apology as in the shell, and Rasa's failure logs (which carry the
message text) are never reached.
"""
from __future__ import annotations

import asyncio
import hmac
import ipaddress
import logging
import os
import secrets
import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Awaitable, Callable, List, Optional

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, Sanic, response
from sanic.headers import parse_host
from sanic.request import Request

from assistant import logs, stores
from assistant import settings as settings_module
from assistant.action_server import ActionServer
from assistant.errors import SetupError
from assistant.runtime import SORRY, latest_model, load_agent, not_saved
from assistant.text import clean

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


def is_loopback(host: str) -> bool:
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class CleanRestInput(RestInput):
    """Rasa's REST channel with the shell's text cleaning, its apology, and a guard for local use."""

    def __init__(self, token: Optional[str], loopback: bool) -> None:
        self.token = token
        self.loopback = loopback

    def _extract_message(self, req: Request) -> str:
        text = req.json.get("message")
        return clean(text) if isinstance(text, str) else ""

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        routes = super().blueprint(self._answer_with(on_new_message))
        routes.middleware("request")(self._guard)
        return routes

    async def _guard(self, request: Request) -> Optional[response.HTTPResponse]:
        if self.token and not hmac.compare_digest(request.args.get("token", ""), self.token):
            return response.json({"error": "this server needs ?token=..."}, status=401)
        if self.loopback and not is_loopback(parse_host(request.headers.get("host", ""))[0] or ""):
            return response.json({"error": "only local front ends may use this channel"}, status=403)
        if request.method == "POST":
            if request.content_type.split(";")[0].strip().lower() != "application/json":
                return response.json({"error": "send JSON: {\"sender\": ..., \"message\": ...}"}, status=415)
            if not isinstance(request.json, dict):
                return response.json({"error": "send a JSON object: {\"sender\": ..., \"message\": ...}"}, status=400)
        return None

    @staticmethod
    def _answer_with(on_new_message: Handler) -> Handler:
        async def answer(message: UserMessage) -> None:
            if not message.text:
                return  # an empty line is not a turn, as in the shell
            channel = message.output_channel
            try:
                await on_new_message(message)
            except stores.StoreError as error:
                log.warning("turn not saved: %s", error)
                await channel.send_text_message(message.sender_id, not_saved(error).text)
                return
            except Exception:  # never a traceback to the user, never Rasa's log of the message text
                log.exception("turn failed")
                await channel.send_text_message(message.sender_id, SORRY.text)
                return
            if isinstance(channel, CollectingOutputChannel) and isinstance(channel.messages, list) and not channel.messages:
                await channel.send_text_message(message.sender_id, SORRY.text)

        return answer


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
    channels.channel.register([CleanRestInput(None if loopback else token, loopback)], app, route="/webhooks/")
    restarting = asyncio.Lock()

    async def keep_actions_running(request: Request) -> None:
        if actions.alive():
            return
        async with restarting:
            if not actions.alive():
                log.warning("action server is not running; restarting it")
                actions.start()
                await asyncio.get_running_loop().run_in_executor(None, actions.wait_ready)

    async def announce(app: Sanic, loop: Any) -> None:
        where = f"[{options.host}]" if ":" in options.host else options.host
        sys.stderr.write(f"compassion: serving on http://{where}:{options.port} (REST /webhooks/rest/webhook, health /)\n")
        sys.stderr.flush()

    async def close(app: Sanic, loop: Any) -> None:
        actions.stop()
        stores.dispose(agent.tracker_store)
        log.info("stopped; every finished turn is saved")

    app.register_middleware(keep_actions_running, "request")
    app.register_listener(announce, "after_server_start")
    app.register_listener(close, "after_server_stop")
    return app


def serve(options: ServeOptions) -> int:
    """Load once, serve until SIGTERM or Ctrl-C, then finish open turns and close everything."""
    settings = settings_module.load()
    model = latest_model(settings.models_dir)
    check_port_free(options.host, options.port)
    os.chdir(settings.root)  # config.yml names the spaCy pipeline by a path relative to the repo
    actions = ActionServer(settings.root)
    actions.start()
    try:
        agent = load_agent(settings, model, actions.url, options.endpoints_file)
        if not actions.wait_ready():
            log.warning("action server did not come up; answers that need it will apologise")
        token = options.token
        if not token:
            token = secrets.token_urlsafe(24)
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
