"""The one reply format every front end renders: text, buttons, and an optional payload.

Rasa's collecting channel splits a message with a payload into two; the
collector here keeps each dispatched message whole, so an exercise arrives as
one reply carrying its intro text and its timed steps.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from rasa.core.channels.channel import CollectingOutputChannel


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: List[Dict[str, str]] = field(default_factory=list)
    custom: Optional[Dict[str, Any]] = None

    @property
    def exercise(self) -> Optional[Dict[str, Any]]:
        return (self.custom or {}).get("exercise")

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


class ReplyCollector(CollectingOutputChannel):
    """Collects each message the assistant sends as one whole ``Reply``."""

    @classmethod
    def name(cls) -> str:
        return "compassion"

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        self.messages.append(message)

    def replies(self) -> List[Reply]:
        return [Reply.from_message(m) for m in self.messages]
