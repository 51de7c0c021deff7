"""The one way through: every front end hands text to :class:`Engine` and renders its replies.

The engine owns the Rasa agent (loaded once and kept warm), the action server
process, the tracker store and the reply format. Front ends never decide
dialogue; they only turn input into text and replies into output. ``compassion
serve`` builds its agent with the same :func:`load_agent` and answers through the
same :func:`answer`, so every front end keeps conversations in the same place and
answers a crisis the same way.

A crisis is answered from the NLU decision: :func:`answer` gives the turn
:data:`CRISIS_ANSWER_SECONDS`, and if it has not finished by then (a hung action
server, a locked database), or failed (an unreadable database, a dead action
server), the static crisis message with its numbers, lines for anywhere and the
check-in are sent without it. A turn still running carries on and is saved when it
finishes, where the database allows.
"""
from __future__ import annotations

import asyncio
import functools
import logging
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple

import yaml

from assistant import rasa_compat
from assistant.core import buttons, stores
from assistant.core import settings as settings_module
from assistant.core.action_server import ActionServer, send_domain_only_where_read
from assistant.core.errors import SetupError
from assistant.core.local_help import WELCOME, conversation_country, localise_crisis
from assistant.core.replies import Reply, ReplyCollector, Turn
from assistant.core.text import clean, command_shaped, conversation_id
from assistant.rasa_compat import action_calls, lean_import, store_fixes, store_speedups
from assistant.safety import CRISIS_INTENTS, fragments

if TYPE_CHECKING:
    from assistant.core.reminders import ReminderStore

log = logging.getLogger(__name__)

Message = Dict[str, Any]

CRISIS_ANSWER_SECONDS = 2.5
"""From the start of a turn whose intent is in CRISIS_INTENTS to its answer, whatever the turn is waiting on (the target
is 3 s). For the direct question (crisis_check) the fallback is the full crisis answer: the numbers are the safe thing."""

SORRY = Reply(text="I'm sorry, something went wrong on my side and I couldn't answer that. "
                   "Could you say it again? If you are in danger, please call your local emergency number now.")

CRISIS_MESSAGE = (  # domain.yml's utter_crisis, for a domain without it
    "I'm really glad you told me, and I'm taking it seriously. You deserve support from a person right now. "
    "If you're in danger, or might act on thoughts of hurting yourself, please call your emergency number now: 911 in the US "
    "and Canada, 999 in the UK, 112 in Ireland, India and across Europe, 000 in Australia, 111 in New Zealand. "
    "You can also reach a crisis line any time: call or text 988 in the US and Canada, or call Samaritans free on "
    "116 123 in the UK and Ireland. I'm an automated assistant, not a counsellor, but I'll stay here with you while you reach out."
)
CHECK_IN = "Are you safe right now? When you are, tell me \"I'm safe\" and we can go on together."


def not_saved(error: stores.StoreError) -> Reply:
    """Said after a turn the database would not keep: the answer stands, the person knows it may be forgotten."""
    return Reply(
        text=(
            f"I couldn't save this part of our conversation: {error}. I may not remember it later. "
            "If you are in danger, please call your local emergency number now."
        )
    )


@functools.lru_cache(maxsize=1)
def anywhere_lines() -> str:
    """Crisis lines that need no country (helplines.yml's directory and fallback entry), read once."""
    emergency, directory = "your local emergency number (112 works from mobile phones in many countries)", None
    try:
        data = yaml.safe_load((settings_module.ROOT / "data" / "resources" / "helplines.yml").read_text())
        emergency = data["countries"]["XX"]["emergency"] or emergency
        directory = data["directory"]
    except (OSError, yaml.YAMLError, KeyError, TypeError):
        log.warning("helplines.yml unreadable; the crisis answer uses its built-in lines")
    name, url, note = ((directory or {}).get(k) for k in ("name", "url", "note"))
    return (f"Wherever you are, you can call {emergency}, and {name or 'Find A Helpline'} "
            f"({url or 'https://findahelpline.com'}) is {note or 'a free directory of crisis lines in more than 130 countries'}.")


def _static(domain: Any, name: str, default: str) -> Message:
    """A response from the model's domain as a channel message (its first variant), or the built-in text."""
    variants = (getattr(domain, "responses", None) or {}).get(name) or [{}]
    message = {"text": variants[0].get("text") or default}
    if variants[0].get("buttons"):
        message["buttons"] = list(variants[0]["buttons"])
    return message


def crisis_answer(collected: List[Message], domain: Any) -> List[Message]:
    """The crisis answer without the action server or the database: the static message with numbers first,
    lines for anywhere, what the turn had already said, and the check-in last."""
    first, check_in = _static(domain, "utter_crisis", CRISIS_MESSAGE), _static(domain, "utter_crisis_check_in", CHECK_IN)
    said = [m for m in collected if m.get("text") not in (first["text"], check_in["text"])]
    return [first, {"text": anywhere_lines()}, *said, check_in]


def latest_model(models_dir: Path) -> Path:
    models = sorted(models_dir.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise SetupError(f"No trained model in {models_dir}. Run `make train` (or `compassion train`) first.")
    return models[-1]


def load_agent(settings: settings_module.Settings, model_path: Path, actions: ActionServer, endpoints_file: Optional[Path] = None):
    """The agent every front end uses: the model, the configured stores and our action server (with its secret)."""
    from rasa.core.agent import Agent
    from rasa.utils.endpoints import EndpointConfig

    rasa_compat.apply(speed=not lean_import.plain())  # the fixes always; the speed-ups unless plain Rasa is asked for
    endpoints = stores.read_endpoints(settings, endpoints_file)
    try:
        agent = Agent.load(
            str(model_path),
            tracker_store=stores.open_tracker_store(endpoints),
            lock_store=stores.open_lock_store(endpoints),
            action_endpoint=EndpointConfig(url=actions.url, headers=actions.headers),
            generator=EndpointConfig(type="assistant.core.variety.VariedResponses"),  # no variant said twice
        )
    except Exception as error:
        cause = _setup_cause(error)
        if cause is None:
            raise
        raise cause from None  # the one-line set-up error, not Rasa's graph wrapper around it
    if not agent.is_ready():
        raise SetupError(f"The model {model_path.name} could not be loaded. Run `make train` again.")
    stores.make_strict(agent)
    rasa_compat.tune_tracker_store(agent.tracker_store)
    send_domain_only_where_read(agent)
    stores.set_session_minutes(agent, settings.session_minutes)
    anywhere_lines()  # read now, so a crisis answer never waits on the disk
    return agent


async def close_agent(agent: Any) -> None:
    """Close what a loaded agent holds open: its connection to the action server and the database's."""
    await action_calls.close_connections(agent.action_endpoint)
    stores.dispose(agent.tracker_store)


def start_assistant(settings: settings_module.Settings, model_path: Path, actions: ActionServer,
                    endpoints_file: Optional[Path] = None) -> Any:
    """Start the action server, load the agent meanwhile, then wait for both: how every front end starts.

    A model that will not load stops the action server again; one that does not come up is only a
    warning, since a crisis answer never needs it.
    """
    os.chdir(settings.root)  # config.yml names the spaCy pipeline by a path relative to the repo
    actions.start()
    try:
        agent = load_agent(settings, model_path, actions, endpoints_file)
    except BaseException:
        actions.stop()
        raise
    if not actions.wait_ready():
        log.warning("action server did not come up; answers that need it will apologise")
    return agent


def _setup_cause(error: BaseException) -> Optional[SetupError]:
    """The fixable cause (a missing or altered sentence encoder, say) under Rasa's graph error, if any."""
    seen: Optional[BaseException] = error
    while seen is not None:
        if isinstance(seen, SetupError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


_RECORDING: "set[asyncio.Task[None]]" = set()  # background saves, referenced until they finish


async def _record_said(agent: Any, sender: str, sent: List[Message], channel: Any) -> None:
    """Save the messages that were sent in place of the turn's own (a crisis answer's lines for anywhere,
    an apology), so the stored conversation holds what the person was shown. Best effort: it is out."""
    from rasa.shared.core.events import BotUttered

    planned = {m.get("text") for m in channel.messages}
    extra = [m for m in sent if m.get("text") and m.get("text") not in planned]
    if not extra:
        return
    try:
        async with agent.lock_store.lock(sender):
            tracker = await agent.tracker_store.retrieve(sender)
            if tracker is None:
                return
            for message in extra:
                tracker.update(BotUttered(message["text"], {"buttons": message.get("buttons")} if message.get("buttons") else {}))
            await agent.tracker_store.save(tracker)
    except Exception as error:  # a database that fails now fails quietly: the person was already told
        log.warning("crisis answer not saved (%s)", type(error).__name__)


def _record_later(agent: Any, sender: str, sent: List[Message], channel: Any) -> None:
    task = asyncio.ensure_future(_record_said(agent, sender, sent, channel))
    _RECORDING.add(task)
    task.add_done_callback(_RECORDING.discard)


def _finished_late(agent: Any, sender: str, sent: List[Message], channel: Any) -> Any:
    """For a crisis turn that outlived its answer: log whether it was saved (never what was said), and
    save the answer that was sent in its place."""
    def done(task: "asyncio.Future[None]") -> None:
        if task.cancelled():
            return
        error = task.exception()
        if isinstance(error, stores.StoreError):
            log.warning("late crisis turn not saved: %s", error)
        elif error is not None:
            log.error("late crisis turn failed (%s)", type(error).__name__)
        else:
            _record_later(agent, sender, sent, channel)

    return done


def _replace_if_hung(loop: asyncio.AbstractEventLoop, actions: ActionServer) -> None:
    """Check the action server in the background after a failed call; a hung one is ended and restarted."""
    def ended(check: "asyncio.Future[bool]") -> None:
        if not check.cancelled() and check.exception() is None and check.result():
            actions.revive()

    loop.run_in_executor(None, actions.stop_if_hung).add_done_callback(ended)  # callbacks run on the loop's thread


@store_speedups.checked_once_per_turn
async def answer(agent: Any, text: str, sender: str, channel: Any, actions: Optional[ActionServer] = None,
                 metadata: Optional[Dict[str, Any]] = None, input_channel: Optional[str] = None,
                 command: bool = False) -> Tuple[List[Message], Dict[str, Any]]:
    """One turn, for every front end: (messages to show, NLU parse). Never raises, never waits on a crisis.

    ``text`` is already cleaned and ``sender`` already a :func:`~assistant.core.text.conversation_id`.
    ``channel`` is a collecting output channel; its messages are the turn's answer. ``command`` says the
    person wrote the message as a Rasa command (:func:`~assistant.core.text.command_shaped`): unless the words
    are a crisis it is not understood (``nlu_fallback``, no entities), so "/ /confirm_safe" cannot end
    crisis mode and "/inform_country{...}" sets no slot.
    """
    from rasa.core.channels.channel import UserMessage

    started = time.monotonic()
    loop = asyncio.get_running_loop()
    try:
        parse = await agent.parse_message(text)
    except Exception:  # never a traceback to the user, never Rasa's log of the message text
        log.exception("understanding a message failed")
        return [{"text": SORRY.text}], {}
    crisis = (parse.get("intent") or {}).get("name") in CRISIS_INTENTS
    if command and not crisis:
        parse = {**parse, "intent": {"name": "nlu_fallback", "confidence": 1.0}, "entities": []}
    elif not crisis:  # a button's title typed means its payload; one from a finished flow gets a kind word
        instead, text, parse, tracker = await buttons.typed_button(agent, sender, text, parse)
        if instead is not None:
            return instead, parse
        parse = await fragments.read_together(agent, tracker, text, parse, time.time())  # "help" / "me" / "pills" / "now"
        crisis = (parse.get("intent") or {}).get("name") in CRISIS_INTENTS
    if actions is not None:
        actions.revive()  # start a dead one here, on the thread that owns the runtime
        if not crisis and not actions.ready():  # a crisis answer does not wait for it
            await loop.run_in_executor(None, actions.ensure_ready)
    failures: List[str] = []

    async def turn() -> None:
        store_fixes.FAILED_ACTIONS.set(failures)
        await agent.handle_message(UserMessage(text, channel, sender, input_channel=input_channel or channel.name(),
                                               metadata=metadata, parse_data=parse))

    task = asyncio.ensure_future(turn())
    error: Optional[stores.StoreError] = None
    failed = late = False
    try:
        if crisis:
            await asyncio.wait_for(asyncio.shield(task), max(0.2, CRISIS_ANSWER_SECONDS - (time.monotonic() - started)))
        else:
            await task
    except asyncio.TimeoutError:
        log.warning("crisis answered before its turn finished; the turn is saved when it does")
        late = True
    except stores.StoreError as store_error:
        log.warning("turn not saved: %s", store_error)
        error = store_error
    except Exception:
        log.exception("turn failed")
        failed = True
    if failures and actions is not None:
        _replace_if_hung(loop, actions)
    collected = list(channel.messages)
    if crisis and (late or failed or error or failures):
        messages = crisis_answer(collected, agent.domain)
        if late:
            task.add_done_callback(_finished_late(agent, sender, messages, channel))
        elif not (failed or error):
            _record_later(agent, sender, messages, channel)
    elif failed or not collected:
        messages = collected + [{"text": SORRY.text}]
        if not (failed or error):
            _record_later(agent, sender, messages, channel)  # a turn that said nothing: store the apology shown
    else:
        messages = collected
    if crisis:  # the stored conversation keeps the static message this stands for
        budget = CRISIS_ANSWER_SECONDS - (time.monotonic() - started)
        country = await conversation_country(agent, sender, parse, read=not (late or failed or error), seconds=budget)
        messages = localise_crisis(messages, {_static(agent.domain, "utter_crisis", CRISIS_MESSAGE)["text"], CRISIS_MESSAGE}, country)
    if error is not None:
        messages.append({"text": not_saved(error).text})
    return messages, parse


class Engine:
    """Loads the assistant once and answers messages; use as a context manager."""

    def __init__(self, config: Optional[settings_module.Settings] = None, model: Optional[Path] = None) -> None:
        settings_module.prepare_environment()
        self.settings = config or settings_module.load()
        self.model_path = model or latest_model(self.settings.models_dir)
        self.actions = ActionServer(self.settings.root, data_dir=self.settings.data_dir)
        self._loop = asyncio.new_event_loop()
        self._agent: Any = None  # a rasa Agent once started
        self._reminders: Optional["ReminderStore"] = None

    @property
    def agent(self):
        """The loaded Rasa agent (for evaluation, which needs parsing without a conversation)."""
        return self._agent

    def __enter__(self) -> "Engine":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Start the action server and load the model (:func:`start_assistant`) on this engine's loop."""
        asyncio.set_event_loop(self._loop)
        self._agent = start_assistant(self.settings, self.model_path, self.actions)

    def handle(self, raw_text: str, sender: str = settings_module.LOCAL_SENDER) -> Optional[Turn]:
        """Answer one user message; ``None`` when there was nothing to answer (an empty line)."""
        text = clean(raw_text)
        if not text:
            return None
        collector = ReplyCollector()
        turn = answer(self._agent, text, conversation_id(sender), collector, self.actions, command=command_shaped(raw_text))
        messages, parse = self._loop.run_until_complete(turn)
        intent = parse.get("intent") or {}
        return Turn(
            user=raw_text,
            intent=intent.get("name"),
            confidence=float(intent.get("confidence") or 0.0),
            replies=[Reply.from_message(m) for m in messages],
        )

    def parse(self, raw_text: str) -> Dict[str, Any]:
        """What NLU (crisis detector included) makes of a text, without touching any conversation."""
        return self._loop.run_until_complete(self._agent.parse_message(clean(raw_text)))

    def intent_of(self, raw_text: str) -> Optional[str]:
        """The intent of a text, or ``None`` for an empty one; voice uses it to look for a crisis
        in the recogniser's other hypotheses."""
        if not clean(raw_text):
            return None
        return (self.parse(raw_text).get("intent") or {}).get("name")

    def tracker(self, sender: str = settings_module.LOCAL_SENDER) -> Any:
        """The stored conversation of ``sender`` (a Rasa tracker), for tools and tests that read it back."""
        return self._loop.run_until_complete(self._agent.tracker_store.retrieve(conversation_id(sender)))

    def welcome(self) -> Reply:
        """The first screen's words, the same in every front end: what it can do, and what it is not."""
        return WELCOME

    def due_reminders(self, sender: str = settings_module.LOCAL_SENDER) -> List[Reply]:
        """Reminders that are due for this conversation, as replies to show or speak."""
        if self._reminders is None:
            from assistant.core.reminders import ReminderStore

            self._reminders = ReminderStore(self.settings.data_dir / "reminders.db")
        from assistant.core.reminders import due_message

        return [Reply(text=due_message(r)) for r in self._reminders.take_due(conversation_id(sender))]

    def close(self) -> None:
        """Let a crisis turn that outlived its answer finish and save (bounded), then stop everything."""
        pending = [t for t in asyncio.all_tasks(self._loop) if not t.done()]
        if pending:
            self._loop.run_until_complete(asyncio.wait(pending, timeout=10))
        if self._agent is not None:
            self._loop.run_until_complete(close_agent(self._agent))
        self.actions.stop()
        self._loop.close()
