"""The one way through: every front end hands text to :class:`Engine` and renders its replies.

The engine owns the Rasa agent (loaded once and kept warm), the action server
process, the tracker store and the reply format. Front ends never decide
dialogue; they only turn input into text and replies into output. ``compassion
serve`` builds its agent with the same :func:`load_agent`, so every front end
keeps conversations in the same place.
"""
from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path
from typing import List, Optional

from assistant import settings as settings_module
from assistant import lean_rasa, rasa_speedups, stores
from assistant.action_server import ActionServer
from assistant.errors import SetupError
from assistant.replies import Reply, ReplyCollector, Turn
from assistant.text import clean

log = logging.getLogger(__name__)

SORRY = Reply(
    text=(
        "I'm sorry, something went wrong on my side and I couldn't answer that. "
        "Could you say it again? If you are in danger, please call your local emergency number now."
    )
)


def not_saved(error: stores.StoreError) -> Reply:
    """Said after a turn the database would not keep: the answer stands, the person knows it may be forgotten."""
    return Reply(
        text=(
            f"I couldn't save this part of our conversation: {error}. I may not remember it later. "
            "If you are in danger, please call your local emergency number now."
        )
    )


def latest_model(models_dir: Path) -> Path:
    models = sorted(models_dir.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise SetupError(f"No trained model in {models_dir}. Run `make train` (or `compassion train`) first.")
    return models[-1]


def load_agent(settings: settings_module.Settings, model_path: Path, action_url: str, endpoints_file: Optional[Path] = None):
    """The agent every front end uses: the model, the configured stores and our action server."""
    from rasa.core.agent import Agent
    from rasa.utils.endpoints import EndpointConfig

    if not lean_rasa.plain():
        rasa_speedups.apply()
    endpoints = stores.read_endpoints(settings, endpoints_file)
    agent = Agent.load(
        str(model_path),
        tracker_store=stores.open_tracker_store(endpoints),
        lock_store=stores.open_lock_store(endpoints),
        action_endpoint=EndpointConfig(url=action_url),
    )
    if not agent.is_ready():
        raise SetupError(f"The model {model_path.name} could not be loaded. Run `make train` again.")
    stores.make_strict(agent)
    stores.set_session_minutes(agent, settings.session_minutes)
    return agent


class Engine:
    """Loads the assistant once and answers messages; use as a context manager."""

    def __init__(self, config: Optional[settings_module.Settings] = None, model: Optional[Path] = None) -> None:
        self.settings = config or settings_module.load()
        self.model_path = model or latest_model(self.settings.models_dir)
        self.actions = ActionServer(self.settings.root)
        self._loop = asyncio.new_event_loop()
        self._agent = None
        self._reminders = None

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
        """Start the action server, load the model meanwhile, then wait for both."""
        os.chdir(self.settings.root)  # config.yml names the spaCy pipeline by a path relative to the repo
        self.actions.start()
        try:
            self._agent = self._load_agent()
        except BaseException:
            self.actions.stop()
            raise
        if not self.actions.wait_ready():
            log.warning("action server did not come up; answers that need it will apologise")

    def _load_agent(self):
        asyncio.set_event_loop(self._loop)
        return load_agent(self.settings, self.model_path, self.actions.url)

    def handle(self, raw_text: str, sender: str = settings_module.LOCAL_SENDER) -> Optional[Turn]:
        """Answer one user message; ``None`` when there was nothing to answer (an empty line)."""
        text = clean(raw_text)
        if not text:
            return None
        self.actions.ensure_running()
        return self._loop.run_until_complete(self._handle(raw_text, text, sender))

    def intent_of(self, raw_text: str) -> Optional[str]:
        """The intent NLU (crisis detector included) gives a text, without touching any conversation.

        Voice uses it to look for a crisis in the recogniser's other hypotheses.
        """
        text = clean(raw_text)
        if not text:
            return None
        parse = self._loop.run_until_complete(self._agent.parse_message(text))
        return (parse.get("intent") or {}).get("name")

    async def _handle(self, raw_text: str, text: str, sender: str) -> Turn:
        from rasa.core.channels.channel import UserMessage

        collector = ReplyCollector()
        try:
            parse = await self._agent.parse_message(text)
            await self._agent.handle_message(
                UserMessage(text, collector, sender, input_channel=collector.name(), parse_data=parse)
            )
        except stores.StoreError as error:
            log.warning("turn not saved: %s", error)
            replies: List[Reply] = collector.replies() + [not_saved(error)]
        except Exception:  # a failed turn must never reach the user as a traceback
            log.exception("turn failed")
            return Turn(user=raw_text, intent=None, confidence=0.0, replies=[SORRY])
        else:
            replies = collector.replies() or [SORRY]
        intent = parse.get("intent") or {}
        return Turn(
            user=raw_text,
            intent=intent.get("name"),
            confidence=float(intent.get("confidence") or 0.0),
            replies=replies,
        )

    def due_reminders(self, sender: str = settings_module.LOCAL_SENDER) -> List[Reply]:
        """Reminders that are due for this conversation, as replies to show or speak."""
        if self._reminders is None:
            from assistant.reminders import ReminderStore

            self._reminders = ReminderStore()
        return [Reply(text=f"Reminder: {r.text}.") for r in self._reminders.take_due(sender)]

    def close(self) -> None:
        self.actions.stop()
        if self._agent is not None:
            stores.dispose(self._agent.tracker_store)
        self._loop.close()
