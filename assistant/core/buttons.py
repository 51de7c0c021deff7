"""Buttons typed as words: a button's title typed (or said) does what clicking it does.

A click sends the button's payload; a person who types "Another one" or "Box breathing, 4
counts each" means the same, so :func:`resolve` turns the title of a button on screen (the
assistant's last messages, kept in the tracker) into its payload. A title from a flow that has
finished (an exercise's alternatives after the exercise stopped, "Another one" after the practice
ended) is not misread as something new: it gets a kind word and the offer to start again
(:class:`Expired`). Buttons of the domain's own responses mean the same at any time, so their
titles always map. In crisis mode nothing expires: the message goes on to the dialogue as it is.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

log = logging.getLogger(__name__)

Button = Dict[str, str]
Said = Tuple[str, List[Button]]
"""One event of the conversation: ("user", []) or ("bot", its buttons)."""

AFFIRM = re.compile(r"(?:yes|yeah|yep|yup|sure|ok|okay|please|yes please|go on|ok then|alright|all right)")
ORDINARY_REPLY = re.compile(r"(?:yes|no|not now|sure|ok|okay)\b(?! another)")
NO_THANKS: Button = {"title": "No thanks", "payload": "no thanks"}


@dataclass(frozen=True)
class Expired:
    """What to say for a button of a finished flow, with the way to start it again."""

    text: str
    buttons: List[Button] = field(default_factory=list)

    def as_message(self) -> Dict[str, Any]:
        return {"text": self.text, "buttons": list(self.buttons)}


def key(text: str) -> str:
    """A title as typed: case, punctuation and spacing do not matter."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower().replace("’", "'").replace("'", "")).split())


@lru_cache(maxsize=1024)
def button_key(words: str) -> str:
    """:func:`key` of a button's own title or payload, kept: every turn compares the same ones. Never used for
    what a person typed, which is not kept."""
    return key(words)


def on_screen_and_earlier(history: Sequence[Said]) -> Tuple[List[Button], List[Button]]:
    """The buttons of the assistant's messages since the person last spoke, and all before them."""
    last_user = max((i for i, (kind, _) in enumerate(history) if kind == "user"), default=-1)
    shown = [b for kind, buttons in history[last_user + 1:] if kind == "bot" for b in buttons]
    earlier = [b for kind, buttons in history[:last_user + 1] if kind == "bot" for b in buttons]
    return shown, earlier


def expired(button: Button) -> Optional[Expired]:
    """The kind word for a stale button, or None when its payload is ordinary words that mean the same now."""
    payload = key(button.get("payload", ""))
    if payload.startswith("lets practise"):
        return Expired("That practice round has finished. Would you like to practise listening again?",
                       [{"title": "Yes, let's practise", "payload": "let's practise active listening"}, NO_THANKS])
    if ORDINARY_REPLY.match(payload):
        return None
    if payload.startswith("lets do the"):
        return Expired("That exercise has finished. Would you like to start it again?",
                       [{"title": "Yes, start it again", "payload": button["payload"]}, NO_THANKS])
    if payload.startswith("cancel reminder number"):
        return Expired("That list of reminders may have changed since. Would you like to see them again?",
                       [{"title": "Yes, show my reminders", "payload": "what reminders do i have"}, NO_THANKS])
    if payload.startswith("tell me more"):
        return Expired("That was about something from earlier. Would you like to hear more about it now?",
                       [{"title": "Yes, tell me more", "payload": button["payload"]}, NO_THANKS])
    return Expired("That choice was from a little earlier in our conversation. Would you like it now?",
                   [{"title": "Yes, please", "payload": button["payload"]}, NO_THANKS])


def resolve(text: str, history: Sequence[Said], evergreen: Iterable[Button] = (), crisis_mode: bool = False) -> Union[str, Expired, None]:
    """The payload a typed message stands for, an :class:`Expired` answer, or None to read it as it is."""
    typed = key(text)
    if not typed:
        return None
    shown, earlier = on_screen_and_earlier(history)
    for button in list(shown) + list(evergreen):
        if button_key(button.get("title", "")) == typed:
            return button["payload"]
    yes_buttons = [b for b in shown if button_key(b.get("title", "")).startswith("yes")]
    if len(yes_buttons) == 1 and AFFIRM.fullmatch(typed):
        return yes_buttons[0]["payload"]
    if crisis_mode or any(button_key(b.get("payload", "")) == typed for b in shown):
        return None
    for button in reversed(earlier):
        if button_key(button.get("title", "")) == typed:
            return expired(button)
    return None


def domain_buttons(responses: Dict[str, List[Dict[str, Any]]]) -> List[Button]:
    """Every button of the domain's responses: their payloads are whole requests, true at any time."""
    return [b for variants in (responses or {}).values() for v in variants for b in v.get("buttons") or []]


def history_of(tracker: Any) -> List[Said]:
    """A Rasa tracker's conversation as :data:`Said` events."""
    from rasa.shared.core.events import BotUttered, UserUttered

    history: List[Said] = []
    for event in tracker.events if tracker is not None else []:
        if isinstance(event, UserUttered):
            history.append(("user", []))
        elif isinstance(event, BotUttered):
            history.append(("bot", list((event.data or {}).get("buttons") or [])))
    return history


async def choice_for(agent: Any, sender: str, text: str) -> Tuple[Union[str, Expired, None], Any]:
    """What a typed message stands for in this conversation (see :func:`resolve`), and the tracker read.
    Best effort: a conversation that cannot be read leaves the message as it is."""
    try:
        tracker = await agent.tracker_store.retrieve(sender)
    except Exception as error:
        log.warning("buttons not checked: the conversation could not be read (%s)", type(error).__name__)
        return None, None
    if tracker is None:
        return None, None
    crisis_mode = bool(tracker.get_slot("crisis_mode"))
    return resolve(text, history_of(tracker), domain_buttons(agent.domain.responses), crisis_mode), tracker


async def record_expired(agent: Any, sender: str, text: str, parse: Dict[str, Any], answer: Expired) -> None:
    """Keep the person's words and the kind word in the conversation, so the next turn sees them."""
    from rasa.shared.core.events import BotUttered, UserUttered

    async with agent.lock_store.lock(sender):
        tracker = await agent.tracker_store.retrieve(sender)
        if tracker is None:
            return
        tracker.update(UserUttered(text, parse.get("intent"), parse.get("entities") or [], parse_data=parse))
        tracker.update(BotUttered(answer.text, {"buttons": list(answer.buttons)}))
        await agent.tracker_store.save(tracker)


async def typed_button(agent: Any, sender: str, text: str, parse: Dict[str, Any]
                       ) -> Tuple[Optional[List[Dict[str, Any]]], str, Dict[str, Any], Any]:
    """For the runtime, before a turn: (messages to send instead of the turn, or None; the text; its parse; the
    conversation read, or None, for what else the turn reads of it). A title on screen becomes its payload, parsed
    afresh; a stale one is answered here and kept in the conversation. Anything that fails leaves the message as it was."""
    choice, tracker = await choice_for(agent, sender, text)
    if isinstance(choice, Expired):
        try:
            await record_expired(agent, sender, text, parse, choice)
        except Exception as error:
            log.warning("expired button answer not saved (%s)", type(error).__name__)
        return [choice.as_message()], text, parse, tracker
    if choice is None or choice == text:
        return None, text, parse, tracker
    try:
        return None, choice, await agent.parse_message(choice), tracker
    except Exception as error:
        log.warning("a button's payload could not be understood (%s); reading the words as typed", type(error).__name__)
        return None, text, parse, tracker
