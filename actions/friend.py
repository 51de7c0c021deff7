"""The support-a-friend guide: listening, what to say, practical help, looking after yourself.

One step at a time from ``data/content/friend_guide.yml``; ``friend_guide:<n>``
in the ``offer`` slot says which step a "yes" brings next.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.answers import ASKS_SOMETHING, answer_situation, living_through, remembered, warning_sign_told
from actions.at_risk import far_away_text, friend_still_at_risk, person_for, send_at_risk_follow_up
from actions.honest_answers import honest_answer
from actions.resources import describe_line, hurt_by_someone_earlier, known_country, latest_text, lowered
from actions.risk_answers import late_answer
from actions.safety import ActionCrisisCheck
from actions.wording import person_phrase, pick, recent_bot_texts
from assistant.safety import QUOTED_WORDS
from assistant.safety.lexicon import assess
from assistant.safety.others import found_on_them, tells_of_their_signs

NEXT_BUTTONS = [{"title": "Yes, go on", "payload": "yes go on"}, {"title": "That's enough for now", "payload": "no that's enough for now"}]


def _step_text(step: Dict[str, Any], person: str) -> str:
    say = " ".join(f"“{phrase}”" for phrase in step.get("say", []))
    avoid = " ".join(f"“{phrase}”" for phrase in step.get("avoid", []))
    parts = [f"{step['title']}. {step['text'].format(person=person)}"]
    if say:
        parts.append(f"Things you might say: {say}")
    if avoid:
        parts.append(f"Things to avoid: {avoid}")
    return "\n".join(parts)


def send_friend_step(dispatcher: CollectingDispatcher, tracker: Tracker, index: int) -> List[Dict[Text, Any]]:
    """Send step ``index`` of the guide and offer the next one (or close the guide)."""
    guide = content.friend_guide()
    steps = guide["steps"]
    person = person_for(tracker)
    if index >= len(steps):
        dispatcher.utter_message(text=pick(guide["done"], tracker))
        return [SlotSet("offer", None)]
    dispatcher.utter_message(text=_step_text(steps[index], person))
    if index + 1 < len(steps):
        dispatcher.utter_message(text=pick(guide["next_ask"], tracker), buttons=NEXT_BUTTONS)
        return [SlotSet("offer", f"friend_guide:{index + 1}")]
    dispatcher.utter_message(text=pick(guide["done"], tracker))
    return [SlotSet("offer", None)]


def step_given(step: Dict[str, Any], tracker: Tracker) -> bool:
    """Whether this step of the guide was already given in this conversation."""
    return any(text.startswith(f"{step['title']}.") for text in recent_bot_texts(tracker))


def guide_started(tracker: Tracker) -> bool:
    """Whether the guide's first step was already given in this conversation (the topic may have moved since)."""
    return step_given(content.friend_guide()["steps"][0], tracker)


def answer_friend_question(dispatcher: CollectingDispatcher, tracker: Tracker, started: bool = False) -> Optional[List[Dict[Text, Any]]]:
    """A follow-up question while helping someone ("what do i say?", "what if he gets angry?"), whatever the NLU read:
    the guide's step or its own answer (friend_guide.yml ``questions``); None outside the guide, or for any other.
    ``started``: read as helping someone, in a conversation where the guide began, even if the topic moved since."""
    if (tracker.get_slot("topic") != "support_a_friend" and not (started and guide_started(tracker))) or friend_still_at_risk(tracker):
        return None
    if friend_risk(latest_text(tracker)) is not None:  # "what do i say, she just sent me a goodbye text": risk first
        return ActionFriendGuide().run(dispatcher, tracker, {})
    guide, said = content.friend_guide(), lowered(latest_text(tracker))
    question = next((q for q in guide["questions"] if content.matches_any(q["when"], said)), None)
    if question is None:
        return None
    ids = [step.get("id") for step in guide["steps"]]
    if question.get("step") in ids:
        step = guide["steps"][ids.index(question["step"])]
        if step.get("say") and step_given(step, tracker):  # given already
            phrases = " ".join(f"“{phrase}”" for phrase in step["say"])
            dispatcher.utter_message(text=pick(guide["words_again"], tracker).format(person=_guide_person(tracker), phrases=phrases))
            return []
        return send_friend_step(dispatcher, tracker, ids.index(question["step"]))
    dispatcher.utter_message(text=question["text"].format(person=_guide_person(tracker)))
    return []


def _guide_person(tracker: Tracker) -> str:
    """Who the guide is about, not someone the question names ("should i tell his mum?"): the relation before it."""
    if next(tracker.get_latest_entity_values("relation"), None) is None:
        return person_for(tracker)
    return person_phrase(_earlier_relation(tracker))


def _earlier_relation(tracker: Tracker) -> Optional[str]:
    """The relation named before the latest message (the person the guide began for)."""
    events = list(tracker.events)
    last_user = max((n for n, e in enumerate(events) if e.get("event") == "user"), default=len(events))
    earlier = [e.get("value") for e in events[:last_user] if e.get("event") == "slot" and e.get("name") == "relation"]
    return earlier[-1] if earlier else None


def names_someone_else(tracker: Tracker) -> bool:
    """Whether the latest message names a relation other than the one the guide began for ("my dad is struggling
    too"): the guide starts again for them, introduced, rather than going on."""
    named = next(tracker.get_latest_entity_values("relation"), None)
    return named is not None and _earlier_relation(tracker) not in (None, named)


def tells_their_feeling(tracker: Tracker) -> bool:
    """Another person's low mood told as a feeling ("my boyfriend has been really depressed"), the relation the NLU
    found inside those words (friend_guide.yml ``their_feeling``): helping them, not the writer's own low mood."""
    said = latest_text(tracker)
    people = [(e["start"], e["end"]) for e in tracker.latest_message.get("entities") or []
              if e.get("entity") == "relation" and isinstance(e.get("start"), int) and isinstance(e.get("end"), int)]
    for pattern in content.friend_guide()["their_feeling"]:
        found = re.search(pattern, said)
        if found and any(found.start() <= start and end <= found.end() for start, end in people):
            return True
    return False


# Their words as if the other person had said them of themselves: the lexicon's patterns are written in the first
# person ("kill myself", "better off without me"), so "she wants to kill herself" is read as "i want to kill myself".
AS_IF_THEIRS = {"she": "i", "he": "i", "they": "i", "herself": "myself", "himself": "myself", "themselves": "myself",
                "themself": "myself", "his": "my", "their": "my", "him": "me", "them": "me", "she's": "i am", "he's": "i am",
                "they're": "i am", "she'll": "i will", "he'll": "i will", "they'll": "i will", "she'd": "i would",
                "he'd": "i would", "they'd": "i would"}
HER_AS_OBJECT = re.compile(r"^(?:$|[,.!?]|and\b|or\b|to\b|so\b|but\b|anymore\b|any more\b|now\b|tonight\b)")


def as_if_theirs(text: str) -> str:
    """``text`` with the other person's pronouns turned into the first person ("her" as "me" or "my")."""
    words = lowered(text).split()
    out = []
    for n, word in enumerate(words):
        bare = word.strip(",.!?")
        tail = word[len(bare):] if word.startswith(bare) else ""
        if bare == "her":
            rest = " ".join(words[n + 1:])
            out.append(("me" if HER_AS_OBJECT.search(tail + rest if tail else rest) else "my") + tail)
        else:
            out.append(AS_IF_THEIRS.get(bare, bare) + tail if bare in AS_IF_THEIRS else word)
    return " ".join(out)


def friend_risk(text: str) -> Optional[str]:
    """Risk language about someone else ("she says she wants to die", "he said we'd be better off without
    him"): the category of what was said of them, the most urgent one first, or ``None``. Said to be happening
    now ("tonight", "she won't answer"), it is urgent whatever the category."""
    at_risk = content.friend_guide()["at_risk"]
    urgent = set(at_risk["urgent_categories"])
    categories = [match.category for match in assess(text).matches if match.cancelled_by == "someone else"]
    categories += [match.category for match in assess(as_if_theirs(text)).standing]
    said = lowered(text)
    categories += ["goodbye"] if tells_of_their_signs(text) else []  # a goodbye text, things given away
    categories += ["self_harm_sign"] if found_on_them(text) else []  # "i saw cuts on my daughter's arm"
    if categories and content.matches_any(at_risk["urgent_when"], said):
        return next((c for c in categories if c in urgent), "danger")
    return next((c for c in categories if c in urgent), categories[0] if categories else None)


def send_at_risk_steps(dispatcher: CollectingDispatcher, tracker: Tracker, risk: str) -> None:
    """The steps for helping someone at risk, and the crisis line that also supports helpers; when it is
    happening now (``risk`` an overdose taken, a plan, danger), the emergency call comes first."""
    at_risk = content.friend_guide()["at_risk"]
    entry = content.country_lines(known_country(tracker))
    far = far_away_text(tracker)  # "my friend in canada ..., i live in ireland": Canada's numbers, called from there
    if risk in at_risk["urgent_categories"]:
        dispatcher.utter_message(text=far or at_risk["urgent"].format(emergency=entry["emergency"]))
    steps = " ".join(f"{n}. {step}" for n, step in enumerate(at_risk["steps"], 1))
    dispatcher.utter_message(text=f"{at_risk['intro']} {steps}")
    lines = " ".join(describe_line(line) for line in entry["crisis"])
    if far is not None:
        urgent_sent = risk in at_risk["urgent_categories"]
        dispatcher.utter_message(text=at_risk["closing"] if urgent_sent else f"{far} {at_risk['closing']}")
        return
    dispatcher.utter_message(
        text=f"If they are in immediate danger, call {entry['emergency']} and stay with them. {lines} {at_risk['closing']}"
    )


def _risk_beyond(situation: Dict[str, Any], tracker: Tracker) -> bool:
    """Whether the message tells of risk beyond the death it names ("her mum passed away and now she keeps saying
    she wants to kill herself"): the risk read with the death's own words taken out."""
    said = lowered(latest_text(tracker))
    for pattern in situation["patterns"]:
        said = re.sub(pattern, " ", said)
    return friend_risk(said) is not None


UNSURE_FRIEND = 0.5
"""Below this confidence, a message read as helping someone, in a conversation about what the writer is living
through, goes on with that instead; after a death told, at any confidence unless it names someone new."""


TOLD_MORE_WORDS = 5
"""Fewer words ("go on", "next one please") ask for the next step; more, not asked as a question, tell of the person."""


def told_more(tracker: Tracker) -> bool:
    """Whether the latest message tells more about the person rather than asking for the next step or a question."""
    said = latest_text(tracker)
    return len(said.split()) >= TOLD_MORE_WORDS and not ASKS_SOMETHING.search(lowered(said))


class ActionFriendGuide(Action):
    """Starts the guide for someone who wants to support a person who is struggling.

    When the person they are worried about may be at risk, the steps for helping someone at
    risk and the crisis line come first; the general guide is offered after.
    """

    def name(self) -> Text:
        return "action_friend_guide"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        late = late_answer(dispatcher, tracker)  # "relax, it's a joke. mostly.", straight after the direct question
        if late is not None:
            return late
        emergency = honest_answer(dispatcher, tracker, only_first=True)  # "my dad is having a heart attack": 999 first
        if emergency is not None:
            return emergency
        risk = friend_risk(tracker.latest_message.get("text") or "")
        if risk is None and tracker.get_slot("crisis_mode") and not content.matches_any(content.friend_guide()["asks_how_to_help"], latest_text(tracker)):
            from actions.safety import ActionCrisisReminder  # safety imports this module

            return ActionCrisisReminder().run(dispatcher, tracker, domain)  # "my mum wouldnt care": still their own crisis
        if risk is None and (tracker.latest_message.get("crisis") or {}).get("reason") == QUOTED_WORDS:
            risk = "goodbye"  # their quoted words read as risk as a whole ("thanks for everything... take care of my cat")
        answered = answer_friend_question(dispatcher, tracker, started=True) if risk is None else None  # not the guide again
        if answered is not None:
            return answered
        if risk is None and hurt_by_someone_earlier(tracker):  # "i don't want him to get in trouble": no coaching
            entry, talk = content.country_lines(known_country(tracker)), content.safety_talk()
            line = (entry["domestic_violence"] or entry["crisis"])[0]
            watched = content.matches_any(talk["watched_phone_patterns"], latest_text(tracker))  # "i can't call, he checks my phone"
            dispatcher.utter_message(text=pick(talk["watched_phone" if watched else "hurt_by_them_follow_up"], tracker).format(
                line=describe_line(line), emergency=entry["emergency"]))
            return []
        guide = content.friend_guide()
        person = person_for(tracker)
        still_at_risk = friend_still_at_risk(tracker)
        if warning_sign_told(tracker):  # "she passed away in march and i just want to be with her again": asked about
            return ActionCrisisCheck().run(dispatcher, tracker, domain)
        own, _ = living_through("support_a_friend", tracker)  # "my girlfriend checks my phone": about the writer
        if own is not None and not still_at_risk and (risk is None or (own.get("overrides_friend_risk") and not _risk_beyond(own, tracker))):
            return answer_situation(dispatcher, tracker, own, None)  # "my best friend killed himself": grief
        earlier = remembered(tracker)  # "i should have called her back", after a death, read as a friend to help
        confidence = float((tracker.latest_message.get("intent") or {}).get("confidence") or 0)
        someone_new = next(tracker.get_latest_entity_values("relation"), None) is not None
        # "how could he do that", after a death; "what if he gets mad", after asking a boss for a day off
        stays = earlier is not None and content.matches_any(earlier.get("stays_when") or [], lowered(latest_text(tracker)))
        after_a_death = bool(earlier and (earlier.get("overrides_friend_risk") or stays)) and not someone_new
        if earlier is not None and risk is None and not still_at_risk and (confidence < UNSURE_FRIEND or after_a_death):
            return answer_situation(dispatcher, tracker, earlier, None, follow_up=True)
        if risk is not None and not still_at_risk:
            send_at_risk_steps(dispatcher, tracker, risk)
            dispatcher.utter_message(text="Would you also like some ideas on how to listen and what to say?", buttons=NEXT_BUTTONS)
            return [SlotSet("offer", "friend_guide:0"), SlotSet("topic", "support_a_friend"), SlotSet("friend_at_risk", risk)]
        if still_at_risk:  # the same person: the number and the line, not the guide again
            return send_at_risk_follow_up(dispatcher, tracker)
        if guide_started(tracker) and not names_someone_else(tracker):  # the same person: the next step not given yet, not "Listen first" again
            unsent = [n for n, step in enumerate(guide["steps"]) if not step_given(step, tracker)]
            if not unsent:
                dispatcher.utter_message(text=pick(guide["again"], tracker).format(person=person))
                return [SlotSet("topic", "support_a_friend"), SlotSet("offer", None)]
            if told_more(tracker):  # "she just cries all the time": heard, not passed over
                dispatcher.utter_message(text=pick(guide["heard"], tracker).format(person=person))
            return send_friend_step(dispatcher, tracker, unsent[0]) + [SlotSet("topic", "support_a_friend")]
        dispatcher.utter_message(text=pick(guide["intro"], tracker).format(person=person))
        return send_friend_step(dispatcher, tracker, 0) + [SlotSet("topic", "support_a_friend"), SlotSet("friend_at_risk", None)]
