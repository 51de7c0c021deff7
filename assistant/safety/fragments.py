"""A crisis typed a word or two at a time: "help" / "me" / "pills" / "many" / "now".

Each piece alone is nothing the crisis detector can read, and a new user did exactly this (session 22). So when a
short message follows other short messages sent within a few minutes, the pieces are also read together, by the
same NLU pipeline; when together they are a crisis or call for the direct question, that is this turn's reading.
Only pieces whose words together hold risk language are parsed again, so everyday short replies ("ok", "yes",
"thanks") cost a lexicon look, not a second parse. The person's own message is kept as they typed it.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Sequence, Tuple

from assistant.safety import CRISIS_INTENTS
from assistant.safety.lexicon import assess

log = logging.getLogger(__name__)

FRAGMENT_WORDS = 3
"""A piece is a message of at most this many words."""
MAX_PIECES = 6
WITHIN_SECONDS = 180.0
"""Pieces further apart than this are separate thoughts."""


def is_piece(text: str) -> bool:
    """A message of one to ``FRAGMENT_WORDS`` words."""
    return 0 < len(text.split()) <= FRAGMENT_WORDS


def pieces_before(said: Sequence[Tuple[str, float, bool]], now: float) -> List[str]:
    """The short messages sent in a row just before now (oldest first), each within ``WITHIN_SECONDS`` of the next;
    ``said`` is the conversation's user messages with their times and whether each was already read as risk, oldest
    first. A piece already read as risk ends the run: it was asked about or answered, and reading it again with "lol"
    or "ok" would ask again about what they have answered."""
    pieces: List[str] = []
    later = now
    for text, at, risky in reversed(said):
        if risky or not is_piece(text) or later - at > WITHIN_SECONDS or len(pieces) >= MAX_PIECES - 1:
            break
        pieces.insert(0, text)
        later = at
    return pieces


def user_messages(tracker: Any) -> List[Tuple[str, float, bool]]:
    """A Rasa tracker's user messages with their times and whether each was read as risk, oldest first."""
    from rasa.shared.core.events import UserUttered

    return [(event.text or "", float(event.timestamp), (event.intent or {}).get("name") in CRISIS_INTENTS)
            for event in (tracker.events if tracker is not None else []) if isinstance(event, UserUttered)]


async def read_together(agent: Any, tracker: Any, text: str, parse: Dict[str, Any], now: float) -> Dict[str, Any]:
    """This turn's parse: as it was, or, when this short message and the short ones just before it in ``tracker`` (the
    conversation as the runtime read it this turn, or None) read together as risk, that reading (the reason says so).
    Best effort: anything that fails changes nothing."""
    if not is_piece(text) or tracker is None:
        return parse
    try:
        earlier = pieces_before(user_messages(tracker), now)
        joined = " ".join(earlier + [text])
        if not earlier or assess(joined).level == "none":
            return parse
        together = await agent.parse_message(joined)
    except Exception as error:
        log.warning("short messages not read together (%s)", type(error).__name__)
        return parse
    if (together.get("intent") or {}).get("name") not in CRISIS_INTENTS:
        return parse
    crisis = dict(together.get("crisis") or {})
    crisis["reason"] = f"{crisis.get('reason', '')}; read with the {len(earlier)} short messages before it"
    return {**parse, "intent": together["intent"], "intent_ranking": together.get("intent_ranking", []), "crisis": crisis}
