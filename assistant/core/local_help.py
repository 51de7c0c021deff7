"""What the runtime says itself, in the person's own terms: the welcome, and the first crisis message
with their country's numbers.

The first crisis message is sent by the runtime (it must work when the action server or the database
fails), so finding the person's country here never waits long: the message names it, or the stored
conversation does (read only when the turn reached the database, within the crisis budget), or a valid
``COMPASSION_COUNTRY``; otherwise the static multi-country text stands.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Collection, Dict, List, Optional

from assistant.core.replies import Reply
from assistant.safety import helplines

log = logging.getLogger(__name__)

WELCOME = Reply(text=(
    "Welcome. I'm Compassion, an automated companion, not a therapist. I can listen while you talk through what "
    "you're feeling, guide short exercises, help you support a friend, and point you to professional help and "
    "crisis lines. If you are in danger, please call your local emergency number now."
))
"""What a front end shows when it opens, before anyone has said anything (the shell's first screen)."""


def localise_crisis(messages: List[Dict[str, Any]], static_texts: Collection[str], country: Optional[str]) -> List[Dict[str, Any]]:
    """The static crisis message (any of ``static_texts``) with the person's own country's numbers first,
    when the country is known: someone who said they live in Germany is not given six other countries'."""
    if not helplines.is_known(country):
        return messages
    try:
        own = helplines.first_crisis_message(country)
    except helplines.HelplineError as error:  # a broken file: the static text with its numbers stands
        log.warning("crisis answer not localised: %s", error)
        return messages
    return [{**m, "text": own} if m.get("text") in static_texts else m for m in messages]


async def conversation_country(agent: Any, sender: str, parse: Dict[str, Any], read: bool, seconds: float) -> Optional[str]:
    """Where the person is: named in this message, else the conversation's ``country`` slot (read only when
    ``read``, within ``seconds``), else a valid COMPASSION_COUNTRY; None when not known."""
    named = next((e.get("value") for e in parse.get("entities") or [] if e.get("entity") == "country"), None)
    if helplines.is_known(named):
        return named
    if read:
        try:
            tracker = await asyncio.wait_for(agent.tracker_store.retrieve(sender), timeout=max(0.1, seconds))
            slot = tracker.get_slot("country") if tracker is not None else None
            if helplines.is_known(slot):
                return slot
        except Exception as error:  # the static text, with its numbers, is the safe answer
            log.warning("country not read for the crisis answer (%s)", type(error).__name__)
    return helplines.setting_country(warn=False)
