"""The one way through: every front end hands text to :class:`Engine` and renders its replies.

The engine owns the Rasa agent (loaded once and kept warm), the action server
process, the SQLite tracker store and the reply format. Front ends never decide
dialogue; they only turn input into text and replies into output.
"""
from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path
from typing import List, Optional

from assistant import settings as settings_module
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


def validate_action_results_quickly() -> None:
    """Validate action-server responses with a schema validator built once.

    Rasa's ``RemoteAction`` calls ``jsonschema.validate`` on every custom action, which checks
    the schema itself each time: about 100 ms of every turn on this machine. Same schema, same
    errors, checked once.
    """
    from jsonschema import ValidationError
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    spec = RemoteAction.action_response_format_spec()
    validator = validator_for(spec)(spec)

    def validate(self: RemoteAction, result: dict) -> bool:
        try:
            validator.validate(result)
            return True
        except ValidationError as error:
            error.message += ". Failed to validate the action server's response."
            raise

    RemoteAction._validate_action_result = validate


def latest_model(models_dir: Path) -> Path:
    models = sorted(models_dir.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    if not models:
        raise SetupError(f"No trained model in {models_dir}. Run `make train` (or `compassion train`) first.")
    return models[-1]


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
        self._agent = self._load_agent()
        if not self.actions.wait_ready():
            log.warning("action server did not come up; answers that need it will apologise")

    def _load_agent(self):
        from rasa.core.agent import Agent
        from rasa.core.tracker_store import SQLTrackerStore
        from rasa.utils.endpoints import EndpointConfig

        validate_action_results_quickly()
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        store = SQLTrackerStore(dialect="sqlite", db=str(self.settings.tracker_db))
        asyncio.set_event_loop(self._loop)
        agent = Agent.load(
            str(self.model_path),
            tracker_store=store,
            action_endpoint=EndpointConfig(url=self.actions.url),
        )
        if not agent.is_ready():
            raise SetupError(f"The model {self.model_path.name} could not be loaded. Run `make train` again.")
        return agent

    def handle(self, raw_text: str, sender: str = settings_module.LOCAL_SENDER) -> Optional[Turn]:
        """Answer one user message; ``None`` when there was nothing to answer (an empty line)."""
        text = clean(raw_text)
        if not text:
            return None
        self.actions.ensure_running()
        return self._loop.run_until_complete(self._handle(raw_text, text, sender))

    async def _handle(self, raw_text: str, text: str, sender: str) -> Turn:
        from rasa.core.channels.channel import UserMessage

        collector = ReplyCollector()
        try:
            parse = await self._agent.parse_message(text)
            await self._agent.handle_message(
                UserMessage(text, collector, sender, input_channel=collector.name(), parse_data=parse)
            )
        except Exception:  # a failed turn must never reach the user as a traceback
            log.exception("turn failed")
            return Turn(user=raw_text, intent=None, confidence=0.0, replies=[SORRY])
        intent = parse.get("intent") or {}
        replies: List[Reply] = collector.replies() or [SORRY]
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
            store = self._agent.tracker_store
            engine = getattr(store, "engine", None)
            if engine is not None:
                engine.dispose()
        self._loop.close()
