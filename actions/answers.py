"""Composing the answer to what someone is going through: a topic (data/content/topics.yml) or the situation
they are living through (data/content/situations.yml), said back with a validation, one piece of guidance and
an offer, never word for word the same twice.

A situation named a few messages ago still shapes the answer ("my husband died" ... "i miss him so much"), with
its follow-up wording rather than the first validation again; a warning sign told in it ("i just want to be
with him again") gets the direct question instead.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.reflect import reflection
from actions.resources import latest_text, lowered
from actions.safety import ActionCrisisCheck
from actions.wording import fresh, ordered, pick, previous_action, recent_bot_texts, said_before, unsaid_message
from assistant.safety.lexicon import assess
from assistant.safety.others import SOMEONE_ELSES

YES_NO = [{"title": "Yes, please", "payload": "yes please"}, {"title": "Not now", "payload": "no thanks"}]
REMEMBERED = 4
"""How many earlier messages a situation is remembered for."""
# "what should i do", "is that normal?", "any advice?" just after a feeling or a situation was answered
ASKS_ADVICE = re.compile(
    r"^\W*(?:so |ok |okay |but |and |then |honestly )?(?:what (?:should|can|do|would|could) (?:i|you) do(?: about (?:it|this|that))?"
    r"(?: now| then| next)?|any (?:advice|tips|ideas)|what now|how do i (?:fix|deal with|handle) (?:this|it|that)"
    r"|(?:is|isn'?t) (?:that|this|it) normal(?: in an? (?:\w+ )?(?:marriage|relationship|family|job|school))?"
    r"|where can (?:i|someone(?: like me| in my (?:situation|position))?) (?:get|find) (?:help|advice|support)"
    r"|am i (?:over ?reacting|being (?:silly|dramatic|stupid|paranoid|unreasonable))|is it (?:just )?me)\W*$")
# A question or a request, not more of their story ("what's the weather", "can you set a timer")
ASKS_SOMETHING = re.compile(r"\?\W*$|^\W*(?:what|when|where|which|who|how|why|can you|could you|will you|would you|tell me|show me"
                            r"|set|play|find|book|order|call|turn|open)\b")


def _names(situation: Dict[str, Any], said: str) -> bool:
    return (content.matches_any(situation["patterns"], said)
            and not content.matches_any(situation.get("not_patterns") or [], said))


def _earlier_texts(tracker: Tracker) -> List[str]:
    """The person's earlier messages in this conversation, most recent last (not the latest one)."""
    return [lowered(e.get("text") or "") for e in tracker.events if e.get("event") == "user"][:-1]


def told_of_someone_else(situation: Dict[str, Any], said: str) -> bool:
    """Whether the situation is another person's ("my best friend just got dumped", "his dog of 14 years died"): the
    words naming it open with "his", "her" or "their", or follow another person in the same clause with no "I"
    between (``SOMEONE_ELSES``)."""
    found = [match for match in (re.search(pattern, said) for pattern in situation["patterns"]) if match]
    if not found or any(re.match(r"\W*(?:my|our|we|i)\b", match.group(0)) for match in found):
        return False  # "my dad passed away": the writer's own loss, whoever they then want to help
    clause = re.split(r"[,.;!?]", said[:found[0].start()])[-1] + found[0].group(0)
    return bool(re.match(r"\W*(?:his|her|their)\b", found[0].group(0)) or SOMEONE_ELSES.search(clause))


def living_through(intent: Optional[str], tracker: Tracker) -> Tuple[Optional[Dict[str, Any]], bool]:
    """The situation that shapes this answer, and whether it was named only earlier (a follow-up). Named now, it
    counts for the intents it applies to and those it is also read as (a loss read as out of scope); named
    earlier, only for the feelings it applies to. Read as helping someone, another person's situation is theirs to
    be helped with (the friend guide), not the writer's to be comforted for (session 25)."""
    said = latest_text(tracker)
    for situation in content.situations().values():
        readings = set(situation["applies_to"]) | set(situation.get("also_when_read_as") or [])
        if intent in readings and _names(situation, said):
            if intent == "support_a_friend" and told_of_someone_else(situation, said):
                continue
            return situation, False
    recent = _earlier_texts(tracker)[-REMEMBERED:]
    if OWN_FEELING.search(lowered(said)):  # "honestly i'm exhausted too", after anger: that feeling, not "still boiling"
        return None, False
    for text in reversed(recent):
        for situation in content.situations().values():
            if intent in situation["applies_to"] and situation.get("follow_up") and _names(situation, text):
                return situation, True
    return None, False


OWN_FEELING = re.compile(r"\b(?:i'?m|im|i am|i feel|feeling|i've been|i have been)(?: \w+){0,2} (?:exhausted|tired|drained|worn out|"
                         r"knackered|shattered|burnt out|burned out|guilty|ashamed|lonely|numb|empty|scared|anxious|worried)\b")
"""A feeling named in so many words, which a situation told earlier does not stand in for (session 26: exhaustion and guilt
after anger had "It makes sense that it's still boiling")."""


def named_now(tracker: Tracker) -> Optional[Dict[str, Any]]:
    """The first situation this message itself names, whatever it was read as."""
    said = latest_text(tracker)
    return next((situation for situation in content.situations().values() if _names(situation, said)), None)


def remembered(tracker: Tracker) -> Optional[Dict[str, Any]]:
    """A situation with follow-up wording named in the last few messages, whatever this one was read as: "i keep
    picking up the phone to call her", not understood on its own, goes on with the loss told before."""
    for text in reversed(_earlier_texts(tracker)[-REMEMBERED:]):
        for situation in content.situations().values():
            if situation.get("follow_up") and _names(situation, text):
                return situation
    return None


def warning_sign_told(tracker: Tracker) -> bool:
    """A situation's warning sign ("i just want to be with her again") told in a conversation that named the
    situation (a death), in this message or an earlier one."""
    said = latest_text(tracker)
    for situation in content.situations().values():
        signs = situation.get("warning_signs") or []
        if content.matches_any(signs, said) and any(_names(situation, text) for text in _earlier_texts(tracker) + [said]):
            return True
    return False


def choose_offer(offer: Dict[str, Any], tracker: Tracker) -> Tuple[str, str]:
    """The offer to make (slot value, question), varied so an exercise already done is not offered again, and
    professional help, once offered in this conversation, is not pressed again: something small instead. A
    situation's line (abuse_lines) is never swapped for an exercise: asked again in other words, then left open."""
    done = set(tracker.get_slot("done_exercises") or [])
    asked = OFFERED_INSTEAD in (tracker.latest_message.get("also_asked") or [])  # "... is there an exercise for sleep?"
    gentle = next((e for e in content.exercise_order()["any_one"] if e not in done), None)
    if asked and gentle and offer.get("action") not in (None, "exercise", "abuse_lines"):
        title = content.exercises()[gentle].title
        return f"exercise:{gentle}", f"For the exercise you asked about: would you like to try {title.split(',')[0].lower()} with me now?"
    if offer.get("action") not in (None, "exercise"):
        if not any(said_before(ask, tracker) for ask in offer["ask"]):
            return str(offer.get("action")), pick(offer["ask"], tracker)
        if offer.get("ask_again"):
            return str(offer["action"]), fresh(offer["ask_again"], tracker) or offer["ask_again"][-1]
    elif offer["exercise"] not in done:
        return f"exercise:{offer['exercise']}", pick(offer["ask"], tracker)
    first = next((e for e in content.exercise_order()["rotation"] if e not in done), None)
    if first is None:
        return "choose:", "Would you like to try one of the exercises again, or something different?"
    title = content.exercises()[first].title
    title = title[0].lower() + title[1:]
    if offer.get("action") != "exercise":
        return f"exercise:{first}", f"Would something small help right now, like {title}? We can do it together."
    return f"exercise:{first}", f"Since we did that one earlier, would you like to try something different: {title}?"


def exercise_offer_unanswered(tracker: Tracker) -> bool:
    """Whether the assistant's message just before this one offered an exercise (yes / not now) that this
    message neither took nor turned down: they went on talking, so a second offer would not be listening."""
    events = list(tracker.events)
    latest = max((i for i, e in enumerate(events) if e.get("event") == "user"), default=0)
    last_bot = next((e for e in reversed(events[:latest]) if e.get("event") == "bot"), None)
    buttons = ((last_bot or {}).get("data") or {}).get("buttons") or []
    return str(tracker.get_slot("offer") or "").startswith("exercise:") and [b.get("payload") for b in buttons] == [b["payload"] for b in YES_NO]


def invited_to_go_on(tracker: Tracker) -> bool:
    """Whether the assistant's last words asked them to say more about a topic (``between_offers``) and this
    message tells more rather than asking something: an answer to that, not a message to say another way."""
    said = recent_bot_texts(tracker)
    return bool(said) and said[-1] in content.exercise_order()["between_offers"] and tracker.get_slot("topic") in content.topics() \
        and not ASKS_SOMETHING.search(latest_text(tracker))


RHETORICAL = re.compile(r"\bwhy (?:can'?t|cant|do|am|does|is|did|won'?t) (?:i|me|my|everything|everyone|nobody|no one|it)\b|"
                        r"\bwhat'?s wrong with me\b|\bwhat'?s the point\b|\bwhy me\b|\bwhat did i do\b")
"""A question of distress, not one to be answered ("why can't i just be normal?")."""


def make_offer(dispatcher: CollectingDispatcher, tracker: Tracker, offer: Dict[str, Any]) -> Optional[str]:
    """The offer after an answer (the slot value a later yes or no reads), or, when an exercise offer just went
    unanswered and this one would be another, an open question instead and no offer (None)."""
    requested = OFFERED_INSTEAD in (tracker.latest_message.get("also_asked") or [])
    if offer.get("action") in (None, "exercise") and not requested and exercise_offer_unanswered(tracker):
        said = latest_text(tracker)  # "does it help with depression?": did that answer it; never "why can't i be normal?"
        asked = ASKS_SOMETHING.search(said) and not RHETORICAL.search(lowered(said))
        dispatcher.utter_message(text=pick(content.exercise_order()["after_a_question" if asked else "between_offers"], tracker))
        return None
    slot, question = choose_offer(offer, tracker)
    dispatcher.utter_message(text=question, buttons=YES_NO)
    return slot


def support_text(topic: Dict[str, Any], tracker: Tracker, follow_up: bool = False) -> str:
    """Their own words said back, a validation (or, for a situation named earlier, a follow-up line) and one
    piece of guidance: a combination not sent before, so nothing is answered word for word the same."""
    opening = reflection(tracker)
    start = f"{opening} " if opening else ""
    first = topic["follow_up"] if follow_up else topic["validate"]
    said = lowered(latest_text(tracker))
    answer = next((a["text"] for a in topic.get("answers", []) if content.matches_any(a["when"], said)), None)
    guidance = [answer] if answer else ordered(topic["guidance"], tracker)  # "how is it different from empathy?"
    combos = [f"{start}{v} {g}" for v in ordered(first, tracker) for g in guidance]
    text = unsaid_message(combos, tracker) or f"{start}{ordered(first, tracker)[0]}"
    also = also_asked_line(tracker)
    return f"{text} {also}" if also else text


OFFERED_INSTEAD = "request_exercise"
"""A request a long message also makes that the offer after the answer takes up (an exercise), not a line."""


def also_asked_line(tracker: Tracker) -> str:
    """How to get what else the latest (long) message asked for (``nlu.also_asked``): one line for each request."""
    lines = content.also_asked()
    asked = [name for name in tracker.latest_message.get("also_asked") or [] if name in lines and name != OFFERED_INSTEAD]
    return " ".join(pick(lines[name], tracker) for name in asked)


def answer_situation(dispatcher: CollectingDispatcher, tracker: Tracker, situation: Dict[str, Any], intent: Optional[str],
                     follow_up: bool = False) -> List[Dict[Text, Any]]:
    """The situation's answer and its offer (the slots a later yes or no reads)."""
    dispatcher.utter_message(text=support_text(situation, tracker, follow_up))
    return [SlotSet("offer", make_offer(dispatcher, tracker, situation["offer"])), SlotSet("topic", intent if intent in content.topics() else None)]


def advice_asked(tracker: Tracker) -> Optional[Dict[str, Any]]:
    """The topic or situation just answered, when the latest message asks what to do about it."""
    if previous_action(tracker) != "action_support" or not ASKS_ADVICE.search(latest_text(tracker)):
        return None
    earlier = [e for e in tracker.events if e.get("event") == "user"][:-1]
    said = lowered(earlier[-1].get("text") or "") if earlier else ""  # the message just answered, not older ones
    found = next((s for s in content.situations().values() if said and _names(s, said)), None)
    if found is not None:
        return found
    intent = ((earlier[-1].get("parse_data") or {}).get("intent") or {}).get("name") if earlier else None
    return content.topics().get(intent or tracker.get_slot("topic") or "")


def send_advice(dispatcher: CollectingDispatcher, tracker: Tracker, topic: Dict[str, Any]) -> List[Dict[Text, Any]]:
    """A piece of guidance not given yet for what they just told, and its offer again."""
    guidance = fresh(topic["guidance"], tracker) or ordered(topic["guidance"], tracker)[0]
    dispatcher.utter_message(text=f"Here's one thing that might help. {guidance}")
    offer, question = choose_offer(topic["offer"], tracker)
    dispatcher.utter_message(text=question, buttons=YES_NO)
    return [SlotSet("offer", offer)]


def situation_reply(dispatcher: CollectingDispatcher, tracker: Tracker, intent: Optional[str]) -> Optional[List[Dict[Text, Any]]]:
    """The answer when what they are living through decides it (a warning sign after a death, advice asked for,
    a situation named now or a few messages ago; for a message read as out of scope, a memory told as a statement,
    "he taught me to fish", not a question); None when it does not."""
    if warning_sign_told(tracker):  # after a death, "i want to be with her again": asked about, gently
        return ActionCrisisCheck().run(dispatcher, tracker, {})
    asked = advice_asked(tracker)
    if asked is not None:
        return send_advice(dispatcher, tracker, asked)
    situation, follow_up = living_through(intent, tracker)
    if situation is None and intent == "out_of_scope" and not ASKS_SOMETHING.search(latest_text(tracker)):
        situation, follow_up = remembered(tracker), True
    if situation is None and intent is None:  # not understood, yet it names what they live through ("i'm getting bullied")
        situation, follow_up = named_now(tracker), False
    if situation is None and intent in (None, "out_of_scope") and invited_to_go_on(tracker):  # "and i never see my kids"
        topic = str(tracker.get_slot("topic"))
        dispatcher.utter_message(text=support_text(content.topics()[topic], tracker))
        return [SlotSet("offer", make_offer(dispatcher, tracker, content.topics()[topic]["offer"]))]
    if situation is None:
        return None
    return answer_situation(dispatcher, tracker, situation, intent, follow_up)


def good_news_reply(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Congratulations and a question, when the latest message tells good news of the writer's own life and asks
    nothing ("i just got engaged!"); whether it was answered. Never in a conversation about a loss or another
    situation ("we were married 41 years"), never with a word of harm or loss, never with any crisis language."""
    said, news = latest_text(tracker), content.not_understood().get("good_news")
    if not news or ASKS_SOMETHING.search(said) or not content.matches_any(news["patterns"], said) \
            or content.matches_any(news["not_patterns"], said) or assess(said).matches:
        return False
    if remembered(tracker) is not None:  # "he was born on this day", a few messages after "my son died"
        return False
    dispatcher.utter_message(text=pick(news["replies"], tracker))
    return True
