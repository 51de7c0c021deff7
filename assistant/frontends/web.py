"""The calm local web page: ``compassion serve`` serves it at ``/app/``; ``compassion web`` opens it.

The page is static HTML, CSS and JavaScript shipped in ``web_static/`` and talks to the same runtime
as every front end: turns go through the REST channel (``/webhooks/rest/webhook``), so the page has
no dialogue logic, only rendering. Beside the page, four small endpoints under ``/app/api/``:
``voice`` (a recording in, the same turn as typed text out), ``speech`` (text in, the project's
synthesised WAV out), ``reminders`` (what is due for this conversation, from the shell's store, and
the country the conversation named) and ``forget`` (this conversation's tracker and reminders
deleted).

Every ``/app/api/`` request passes the REST channel's checks: a loopback Host when bound to loopback
(a DNS-rebinding page fails), the token when bound elsewhere, bodies of at most 1 MB, sender ids as
the channel takes them; and, because a browser sends it, an Origin that is this very page or none.
Every ``/app/`` response carries a strict Content-Security-Policy (``default-src 'self'``, no inline
script), so nothing the page loads or sends can leave this machine.
"""
from __future__ import annotations

import json
import logging
import os
import sys
import threading
import time
import urllib.request
import webbrowser
from typing import Any, Awaitable, Callable, Coroutine, Dict, Optional, Union

from sanic import Blueprint, Sanic, response
from sanic.headers import parse_host
from sanic.request import Request

from assistant.core import settings as settings_module
from assistant.core import stores
from assistant.core.errors import SetupError
from assistant.core.reminders import ReminderStore
from assistant.core.text import conversation_id, sender_problem
from assistant.frontends import web_page
from assistant.frontends.server import MAX_BODY_BYTES, ServeOptions, is_loopback, read_body, same_secret
from assistant.frontends.web_voice import MAX_SPEECH_CHARS, BadAudio, BrowserVoice, read_pcm, voice_turn

log = logging.getLogger(__name__)

PREFIX = "/app"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; media-src 'self'; connect-src 'self'; "
       "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "microphone=(self), camera=(), geolocation=(), payment=()",
    "Cache-Control": "no-store",
}
JSON_TYPES = {"application/json"}
WAV_TYPES = {"audio/wav", "audio/wave", "audio/x-wav"}

Route = Callable[..., Coroutine[Any, Any, response.HTTPResponse]]


def refuse(message: str, status: int) -> response.HTTPResponse:
    return response.json({"error": message}, status=status)


def same_origin(request: Request) -> bool:
    """A browser's Origin, when it sends one, must be this page's own (scheme, host and port)."""
    origin = request.headers.get("origin")
    if origin is None:
        return True
    return origin.lower() == f"http://{request.headers.get('host', '')}".lower()


def plain(method: Callable[..., Awaitable[response.HTTPResponse]]) -> Route:
    """A bound method as a plain function (Sanic marks its handlers with attributes)."""
    async def route(request: Request, **params: Any) -> response.HTTPResponse:
        return await method(request, **params)

    return route


class WebApp:
    """The page and its endpoints over the agent and stores that ``compassion serve`` already holds."""

    def __init__(self, actions: Any, token: Optional[str], loopback: bool, voice: Optional[BrowserVoice] = None) -> None:
        self.actions = actions
        self.token = token
        self.loopback = loopback
        self.voice = voice or BrowserVoice()
        settings = settings_module.load()
        self.reminders = ReminderStore(settings.data_dir / "reminders.db")
        self.page = web_page.render(web_page.read_lines(), self._preset_country(settings))
        self.files = web_page.static_files()

    @staticmethod
    def _preset_country(settings: settings_module.Settings) -> Optional[str]:
        try:
            from assistant.safety import helplines

            return helplines.setting_country(warn=False)
        except (ImportError, ValueError, OSError, AttributeError):
            return settings.country

    def blueprint(self) -> Blueprint:
        routes = Blueprint("compassion_web", url_prefix=PREFIX)
        routes.add_route(plain(self.index), "/", methods=["GET"], name="index")
        routes.add_route(plain(self.static), "/static/<name:path>", methods=["GET"], name="static")
        for name, handler in (("voice", self.api_voice), ("speech", self.api_speech),
                              ("reminders", self.api_reminders), ("forget", self.api_forget)):
            routes.add_route(plain(handler), f"/api/{name}", methods=["POST"], stream=True, name=name)
        routes.middleware("request")(self.guard)
        routes.middleware("response")(self.secure)
        return routes

    async def guard(self, request: Request) -> Optional[response.HTTPResponse]:
        """The REST channel's checks, for the page and its endpoints alike."""
        if self.loopback and not is_loopback(parse_host(request.headers.get("host", ""))[0] or ""):
            return refuse("only this computer may open this page", 403)
        if not request.path.startswith(f"{PREFIX}/api/"):
            return None
        if self.token and not same_secret(request.args.get("token", ""), self.token):
            return refuse("this server needs ?token=...", 401)
        if not same_origin(request):
            return refuse("only this page may use these endpoints", 403)
        wanted = WAV_TYPES if request.path.endswith("/voice") else JSON_TYPES
        if (request.content_type or "").split(";")[0].strip().lower() not in wanted:
            return refuse("send a WAV recording" if wanted is WAV_TYPES else "send JSON", 415)
        return None

    async def secure(self, request: Request, reply: response.HTTPResponse) -> None:
        for name, value in SECURITY_HEADERS.items():
            reply.headers.setdefault(name, value)

    async def index(self, request: Request) -> response.HTTPResponse:
        if not request.path.endswith("/"):
            return response.redirect(f"{PREFIX}/")
        return response.html(self.page)

    async def static(self, request: Request, name: str) -> response.HTTPResponse:
        body = self.files.get(name)
        if body is None:
            return refuse("no such file", 404)
        return response.raw(body, content_type=web_page.CONTENT_TYPES[os.path.splitext(name)[1]])

    async def _json(self, request: Request) -> Union[Dict[str, Any], response.HTTPResponse]:
        """The JSON body with a valid sender (mapped as the REST channel maps it), or the refusal."""
        body = await read_body(request)
        if body is None:
            return refuse(f"the request is larger than {MAX_BODY_BYTES} bytes", 413)
        try:
            payload = json.loads(body)
        except (ValueError, RecursionError):
            payload = None
        if not isinstance(payload, dict):
            return refuse('send a JSON object: {"sender": ...}', 400)
        problem = sender_problem(payload.get("sender"))
        if problem:
            return refuse(problem, 400)
        return {**payload, "sender": conversation_id(payload["sender"])}

    async def api_voice(self, request: Request) -> response.HTTPResponse:
        """A recording from the page, answered as the same turn as its words typed."""
        problem = sender_problem(request.args.get("sender"))
        if problem:
            return refuse(problem, 400)
        body = await read_body(request)
        if body is None:
            return refuse(f"the recording is larger than {MAX_BODY_BYTES} bytes; keep a turn under 30 seconds", 413)
        try:
            transcript = await self.voice.hear(read_pcm(body))
        except BadAudio as error:
            return refuse(str(error), 400)
        except SetupError as error:
            return refuse(str(error), 503)
        sender = conversation_id(request.args.get("sender"))
        return response.json(await voice_turn(request.app.ctx.agent, transcript, sender, self.actions))

    async def api_speech(self, request: Request) -> response.HTTPResponse:
        """The project's synthesised speech of one text, as WAV."""
        payload = await self._json(request)
        if isinstance(payload, response.HTTPResponse):
            return payload
        text = payload.get("text")
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_SPEECH_CHARS:
            return refuse(f"send the text to speak, at most {MAX_SPEECH_CHARS} characters", 400)
        try:
            clip = await self.voice.speak(text)
        except SetupError as error:
            return refuse(str(error), 503)
        return response.raw(clip, content_type="audio/wav")

    async def api_reminders(self, request: Request) -> response.HTTPResponse:
        """Reminders due for this conversation (taken, as the shell takes them) and the country it named."""
        payload = await self._json(request)
        if isinstance(payload, response.HTTPResponse):
            return payload
        sender = payload["sender"]
        due = self.reminders.take_due(sender)
        country = None
        try:
            tracker = await request.app.ctx.agent.tracker_store.retrieve(sender)
            country = tracker.get_slot("country") if tracker is not None else None
        except SetupError as error:
            log.warning("country not read: %s", error)
        return response.json({"reminders": [f"Reminder: {r.text}." for r in due],
                              "country": country.upper() if isinstance(country, str) else None})

    async def api_forget(self, request: Request) -> response.HTTPResponse:
        """Delete this conversation's tracker and reminders; say what went."""
        payload = await self._json(request)
        if isinstance(payload, response.HTTPResponse):
            return payload
        try:
            await forget_conversation(request.app.ctx.agent, payload["sender"])
        except SetupError as error:
            return refuse(str(error), 503)
        count = self.reminders.cancel_all(payload["sender"])
        return response.json({"forgotten": True, "reminders": count,
                              "message": "This conversation and its reminders are deleted from this computer."})


async def forget_conversation(agent: Any, sender: str) -> None:
    """Delete one conversation from the tracker store (SQL or in memory), under its lock."""
    import sqlalchemy as sa
    from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore


    store = stores.inner(agent.tracker_store)
    async with agent.lock_store.lock(sender):
        if isinstance(store, SQLTrackerStore):
            try:
                with store.session_scope() as session:
                    session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == sender).delete()
                    session.commit()
            except sa.exc.SQLAlchemyError as error:
                raise stores.StoreError(f"the conversation database {stores.reason(error)}; nothing was deleted") from None
        elif isinstance(store, InMemoryTrackerStore):
            store.store.pop(sender, None)
        else:
            raise SetupError("this conversation store cannot delete one conversation; `compassion forget` deletes them all")


def register(app: Sanic, actions: Any, options: ServeOptions, token: str) -> None:
    """Serve the page and its endpoints on ``app`` (called by :func:`assistant.frontends.server.build_app`)."""
    loopback = is_loopback(options.host)
    web = WebApp(actions, None if loopback else token, loopback)
    app.blueprint(web.blueprint())

    async def announce(app: Sanic, loop: Any) -> None:
        sys.stderr.write(f"compassion: the web page is at {page_url(options.host, options.port)}\n")
        sys.stderr.flush()

    async def close(app: Sanic, loop: Any) -> None:
        web.voice.close()

    app.register_listener(announce, "after_server_start")
    app.register_listener(close, "after_server_stop")


def page_url(host: str, port: int) -> str:
    where = f"[{host}]" if ":" in host else host
    return f"http://{where}:{port}{PREFIX}/"


def can_open_browser() -> bool:
    """A graphical browser can open here (a console browser would take over the server's terminal)."""
    return sys.platform in ("darwin", "win32") or bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def open_when_ready(url: str, opener: Callable[[str], bool] = webbrowser.open, timeout: float = 300) -> threading.Thread:
    """Open the page once the server answers (the model takes seconds to load); else say where it is."""
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never through a proxy

    def wait_then_open() -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with direct.open(url, timeout=2):
                    break
            except OSError:
                time.sleep(0.3)
        else:
            return
        if not (can_open_browser() and opener(url)):
            sys.stderr.write(f"compassion: open {url} in your web browser\n")
            sys.stderr.flush()

    thread = threading.Thread(target=wait_then_open, name="open-page", daemon=True)
    thread.start()
    return thread
