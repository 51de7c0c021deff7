"""Domain responses that do not repeat themselves, and that hear mixed feelings.

Rasa picks a response variant at random, so "Hi there" can come twice in a row. This
generator picks the first variant not said yet in the conversation (the tracker holds what
was said); once every variant has been said it gives one of the response's short follow-ups
(variants marked ``metadata: {follow_up: true}`` in ``domain.yml``). Variants marked
``metadata: {when: mixed}`` answer a message with mixed feelings ("a bit warmer, but also a bit
sad") and only such a message. Once a variant marked ``metadata: {once: true}`` (an introduction) has been said,
the response's follow-ups come next. Responses with a single variant (the crisis message above all)
are passed through exactly as Rasa would give them.
"""
from __future__ import annotations

import copy
import logging
import re
from typing import Any, Dict, List, Optional, Text

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.events import BotUttered

log = logging.getLogger(__name__)

CONTRAST = re.compile(r"\b(?:but|though|although|yet|still|also|at the same time|mixed|part of me|kind of|sort of|not sure)\b")
HEAVY = re.compile(r"\b(?:sad|sadder|low|down|tired|exhausted|anxious|worried|nervous|scared|lonely|alone|empty|heavy|"
                   r"numb|guilty|angry|upset|hurt|teary|crying|drained|confused|overwhelmed|miss\w*|grie\w*|not great|meh)\b")


def mixed_feelings(text: str) -> bool:
    """Better, and something heavy in the same breath: 'a bit warmer, but also a bit sad'."""
    lowered = text.lower()
    return bool(CONTRAST.search(lowered) and HEAVY.search(lowered))


def _said(tracker: Any) -> List[str]:
    return [event.text or "" for event in tracker.events if isinstance(event, BotUttered)]


def choose(variants: List[Dict[str, Any]], said: List[str], mixed: bool) -> Optional[Dict[str, Any]]:
    """The variant to say: fitting the message, not said yet, else a follow-up not said yet, else the least recent."""
    def meta(variant: Dict[str, Any]) -> Dict[str, Any]:
        found = variant.get("metadata")
        return found if isinstance(found, dict) else {}

    fitting = [v for v in variants if (meta(v).get("when") == "mixed") == mixed] or [v for v in variants if meta(v).get("when") != "mixed"]
    main = [v for v in fitting if not meta(v).get("follow_up")]
    follow_ups = [v for v in fitting if meta(v).get("follow_up")]
    if follow_ups and any(meta(v).get("once") and v.get("text") in said for v in main):
        main = []  # an introduction is made once a conversation: "hello?" later gets "Hi again"
    for pool in (main, follow_ups):
        unsaid = [v for v in pool if v.get("text") not in said]
        if unsaid:
            return unsaid[0]
    pool = main or follow_ups
    if not pool:
        return None
    last = {id(v): max((i for i, text in enumerate(said) if text == v.get("text")), default=-1) for v in pool}
    return min(pool, key=lambda v: last[id(v)])


class VariedResponses(TemplatedNaturalLanguageGenerator):
    """Rasa's response generator with the choice made as described above (see ``load_agent``)."""

    def __init__(self, endpoint_config: Any = None, domain: Any = None) -> None:
        super().__init__(domain.responses if domain is not None else {})

    async def generate(self, utter_action: Text, tracker: Any, output_channel: Text, **kwargs: Any) -> Optional[Dict[Text, Any]]:
        from rasa.core.nlg.response import ResponseVariationFilter

        if utter_action not in self.responses:  # Rasa's own answer to a missing response (None), not a KeyError
            return await super().generate(utter_action, tracker, output_channel, **kwargs)
        filled_slots = tracker.current_slot_values()
        variants = ResponseVariationFilter(self.responses).responses_for_utter_action(utter_action, output_channel, filled_slots)
        if len(variants) <= 1:
            return await super().generate(utter_action, tracker, output_channel, **kwargs)
        try:
            text = (tracker.latest_message.text or "") if tracker.latest_message else ""
            chosen = choose(variants, _said(tracker), mixed_feelings(text))
        except Exception as error:  # a choice that fails must never cost an answer
            log.warning("response choice failed (%s); using Rasa's", type(error).__name__)
            return await super().generate(utter_action, tracker, output_channel, **kwargs)
        if chosen is None:
            return None
        response = copy.deepcopy(chosen)
        response.pop("metadata", None)
        return self._fill_response(response, filled_slots, **kwargs)
