"""The one reply format every front end renders: text, buttons, and an optional payload.

Rasa's collecting channel splits a message with a payload into two; the
collector here keeps each dispatched message whole, so an exercise arrives as
one reply carrying its intro text and its timed steps.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Tuple

from rasa.core.channels.channel import CollectingOutputChannel


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: List[Dict[str, str]] = field(default_factory=list)
    custom: Optional[Dict[str, Any]] = None

    @property
    def exercise(self) -> Optional[Dict[str, Any]]:
        return (self.custom or {}).get("exercise")

    def record(self, **extra: Any) -> Dict[str, Any]:
        """This reply as a JSON line of ``--json`` output: the front end's own fields first, then text,
        buttons and any payload (one format for the shell, voice files and the microphone)."""
        fields = {**extra, "text": self.text, "buttons": self.buttons}
        if self.custom:
            fields["custom"] = self.custom
        return fields

    @classmethod
    def from_message(cls, message: Dict[str, Any]) -> "Reply":
        buttons = [
            {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
            for b in message.get("buttons") or []
        ]
        return cls(text=message.get("text") or "", buttons=buttons, custom=message.get("custom") or None)


@dataclass(frozen=True)
class Turn:
    """What one user message produced: how it was understood and what the assistant said."""

    user: str
    intent: Optional[str]
    confidence: float
    replies: List[Reply]

    def records(self, **extra: Any) -> List[Dict[str, Any]]:
        """One ``--json`` record per reply: ``extra`` (turn number, what was heard), then how it was understood."""
        return [reply.record(**extra, intent=self.intent, confidence=round(self.confidence, 4)) for reply in self.replies]


@dataclass(frozen=True)
class Step:
    """One timed step of a guided exercise: what to say or show, and how long to wait after it."""

    text: str
    seconds: float = 0.0
    breath: Optional[str] = None


def exercise_steps(exercise: Mapping[str, Any]) -> Tuple[List[Step], Optional[str]]:
    """An exercise payload's steps and its closing line (None without one): the one reader of the payload's
    shape, which actions/ writes, for every front end that performs it."""
    steps = [Step(str(step["text"]), float(step.get("seconds", 0)), step.get("breath") or None)
             for step in exercise.get("steps", [])]
    return steps, exercise.get("closing") or None


class ReplyCollector(CollectingOutputChannel):
    """Collects each message the assistant sends as one whole ``Reply``."""

    @classmethod
    def name(cls) -> str:
        return "compassion"

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        self.messages.append(message)

    def replies(self) -> List[Reply]:
        return [Reply.from_message(m) for m in self.messages]
