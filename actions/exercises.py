"""Starting a guided exercise: one generic action over the files in ``data/exercises/``.

The action only chooses the exercise and sends it as a structured payload
(steps with their pauses); the text shell and the voice loop perform it.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Sequence, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.listening import start_practice
from actions.reminders import cancel_if_named
from actions.self_harm import asks_about_urges, self_harm_answer
from actions.wording import pick, said_before

CATEGORY_LABELS = {
    "breathing": "Breathing",
    "loving_kindness": "Loving kindness",
    "self_compassion": "Self-compassion break",
    "mindful_awareness": "Mindful body check-in",
    "active_listening": "Listening practice",
    "boundaries": "Setting a boundary",
}


def _words(text: str) -> set:
    return set(re.findall(r"[a-z0-9-]+", text.lower()))


def choose_in_category(category: str, text: str) -> Optional[content.Exercise]:
    """The one exercise of a category the user singled out by its keywords, if any."""
    options = content.exercises_in(category)
    if len(options) == 1:
        return options[0]
    said = _words(text)
    scored = [(len(said & set(ex.keywords)), ex) for ex in options]
    best = max(score for score, _ in scored) if scored else 0
    winners = [ex for score, ex in scored if score == best]
    return winners[0] if best and len(winners) == 1 else None


def start_exercise(
    dispatcher: CollectingDispatcher, tracker: Tracker, exercise: content.Exercise, alternatives: Sequence[content.Exercise] = ()
) -> List[Dict[Text, Any]]:
    """Send the exercise (with other ways to do it as buttons) and remember it was done, so offers vary."""
    # The payload is read by the classifier like typed words: the title's name only ("box breathing"), since
    # its description ("four counts in, hold, out, and hold") reads like asking to stop.
    buttons = [{"title": ex.choice_label, "payload": f"let's do the {ex.title.split(',')[0].lower()} exercise"} for ex in alternatives]
    text = f"{exercise.title}. {exercise.intro}"
    if said_before(text, tracker):  # done before in this conversation: no need for the whole introduction
        text = pick([f"{exercise.title}, once more. Settle in whenever you're ready.",
                     f"Here it is again: {exercise.title[0].lower() + exercise.title[1:]}. Go at your own pace."], tracker)
    if alternatives:
        text += " Afterwards, if you'd like another way, pick one below."
    dispatcher.utter_message(text=text, json_message=exercise.as_payload(), buttons=buttons)
    done = list(tracker.get_slot("done_exercises") or [])
    if exercise.id not in done:
        done.append(exercise.id)
    return [SlotSet("done_exercises", done), SlotSet("offer", None), SlotSet("exercise", None)]


ASK_WHICH = ("Which exercise would you like to try?", "Which one would you like this time?", "Pick whichever feels right for now.")


def ask_which(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[Dict[Text, Any]]:
    """Offer the kinds of exercise as a choice; "yes please" with no choice starts a gentle one."""
    buttons = [{"title": label, "payload": f"I'd like the {label.lower()} exercise"} for label in CATEGORY_LABELS.values()]
    dispatcher.utter_message(text=pick(ASK_WHICH, tracker), buttons=buttons)
    done = set(tracker.get_slot("done_exercises") or [])
    default = next((e for e in content.exercise_order()["any_one"] if e not in done), None)
    return [SlotSet("offer", f"exercise:{default}" if default else None)]


def asks_about_it(text: str) -> bool:
    """"What's the boundaries one?", "how long does the breathing take?": a question about it, not a request."""
    return content.matches_any(content.exercise_order()["asking_about"], text.lower())


def describe(dispatcher: CollectingDispatcher, tracker: Tracker, exercise: content.Exercise) -> List[Dict[Text, Any]]:
    """What the exercise is and how long it takes, then the choice to start it (a "yes" takes up the offer)."""
    minutes = round(exercise.seconds / 60)
    length = "about a minute" if minutes <= 1 else f"about {minutes} minutes"
    text = pick(content.exercise_order()["describe"], tracker).format(
        title=exercise.title.split(",")[0], summary=exercise.summary[0].lower() + exercise.summary[1:], length=length)
    dispatcher.utter_message(text=text, buttons=[{"title": "Yes, let's start", "payload": "yes"}, {"title": "Not now", "payload": "no"}])
    return [SlotSet("offer", f"exercise:{exercise.id}"), SlotSet("exercise", None)]


def about_an_exercise(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """The description, when the latest message asks about an exercise it names or the one just offered ("what's
    metta?", "how long does it take?"), whatever it was read as; None when it does not."""
    text = tracker.latest_message.get("text") or ""
    if not asks_about_it(text):
        return None
    named = next(tracker.get_latest_entity_values("exercise"), None)
    if named and content.exercises_in(named):
        return describe(dispatcher, tracker, choose_in_category(named, text) or content.exercises_in(named)[0])
    current = exercise_at_hand(tracker)
    if not named and current is not None and asks_about_offered(tracker):
        return describe(dispatcher, tracker, content.exercises()[current])
    return None


REFERS = re.compile(r"\b(?:it|that|this|that one|this one|the exercise|the one)\b")
ABOUT_IT_WORDS = 7
"""A question about the exercise just offered is short and refers to it ("how long does it take?")."""


HOW_LONG = re.compile(r"^\W*(?:so |and |but |ok |okay )?how (?:long|many minutes|much time)\b")


def exercise_at_hand(tracker: Tracker) -> Optional[str]:
    """The exercise offered in the assistant's last turn, or, for how long it takes, the one started in it."""
    kind, _, offered = (tracker.get_slot("offer") or "").partition(":")
    if kind == "exercise" and offered in content.exercises() and previous_offer_was_last(tracker):
        return offered
    done, said = list(tracker.get_slot("done_exercises") or []), (tracker.latest_message.get("text") or "").lower()
    just_done = done and set_last_turn(tracker, "done_exercises") and done[-1] in content.exercises()
    return done[-1] if just_done and HOW_LONG.search(said) else None  # after it ran, only how long it was


def asks_about_offered(tracker: Tracker) -> bool:
    """Whether the latest message is a short question about the exercise offered or started just before it."""
    text = (tracker.latest_message.get("text") or "").lower()
    return (exercise_at_hand(tracker) is not None and len(text.split()) <= ABOUT_IT_WORDS and bool(REFERS.search(text))
            and asks_about_it(text))


def previous_offer_was_last(tracker: Tracker) -> bool:
    """Whether the offer slot was set by the assistant's last turn, not several messages ago."""
    return set_last_turn(tracker, "offer")


def set_last_turn(tracker: Tracker, slot: str) -> bool:
    """Whether the slot was set by the assistant's last turn (since the message before the latest one)."""
    events = list(tracker.events)
    users = [n for n, e in enumerate(events) if e.get("event") == "user"]
    since = users[-2] if len(users) > 1 else -1
    return any(e.get("event") == "slot" and e.get("name") == slot for e in events[since + 1:])


def wants_shorter(tracker: Tracker) -> bool:
    return content.matches_any(content.exercise_order()["shorter"], (tracker.latest_message.get("text") or "").lower())


def shorter_one(tracker: Tracker) -> Optional[content.Exercise]:
    """For "something shorter": the shortest exercise, not done yet, shorter than the one just offered or done."""
    kind, _, offered = (tracker.get_slot("offer") or "").partition(":")
    done = list(tracker.get_slot("done_exercises") or [])
    current = offered if kind == "exercise" else (done[-1] if done else None)
    limit = content.exercises()[current].seconds if current in content.exercises() else float("inf")
    others = [ex for ex in content.exercises().values()
              if ex.id != current and ex.id not in done and ex.category != "active_listening" and ex.seconds < limit]
    return min(others, key=lambda ex: ex.seconds) if others else None


def longer_answer(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """ "Can you make it longer?" just after an exercise was offered or run: each has a set length, so it starts, or
    goes round once more; None for anything else."""
    said = (tracker.latest_message.get("text") or "").lower()
    if len(said.split()) > ABOUT_IT_WORDS + 3 or not content.matches_any(content.exercise_order()["longer"], said):
        return None
    kind, _, offered = (tracker.get_slot("offer") or "").partition(":")
    done = list(tracker.get_slot("done_exercises") or [])
    if kind == "exercise" and offered in content.exercises() and previous_offer_was_last(tracker):
        current, wording = offered, "longer_first"
    elif done and done[-1] in content.exercises() and set_last_turn(tracker, "done_exercises"):
        current, wording = done[-1], "longer_again"
    else:
        return None
    dispatcher.utter_message(text=pick(content.exercise_order()[wording], tracker))
    return start_exercise(dispatcher, tracker, content.exercises()[current])


class ActionRunExercise(Action):
    """Starts the exercise the user asked for, or asks which one when that is not clear."""

    def name(self) -> Text:
        return "action_run_exercise"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        cancelled = cancel_if_named(dispatcher, tracker)  # "cancel the breathing one": the reminder, not the exercise
        if cancelled is not None:
            return cancelled
        urge = self_harm_answer(dispatcher, tracker) if asks_about_urges(tracker) else None
        if urge is not None:  # "what can i do when the urge hits", after their own self-harm: ways through it, not the menu
            return urge
        text = tracker.latest_message.get("text") or ""
        category = next(tracker.get_latest_entity_values("exercise"), None)
        if not category and wants_shorter(tracker):
            shorter = shorter_one(tracker)
            if shorter is not None:
                return start_exercise(dispatcher, tracker, shorter)
            dispatcher.utter_message(text="That one is already about as short as they come, a minute or so. We can do it now, "
                                          "or come back to it whenever suits you.", buttons=[{"title": "Do it now", "payload": "yes"},
                                                                                           {"title": "Later", "payload": "no"}])
            return []
        described = about_an_exercise(dispatcher, tracker) or longer_answer(dispatcher, tracker)
        if described is not None:
            return described
        if category == "active_listening" and not asks_about_it(text):
            return start_practice(dispatcher, tracker)
        if not category or not content.exercises_in(category):
            return ask_which(dispatcher, tracker)
        chosen = choose_in_category(category, text)
        if chosen is None:  # several ways and none named: start the first, offer the others
            first, *others = content.exercises_in(category)
            return start_exercise(dispatcher, tracker, first, others)
        return start_exercise(dispatcher, tracker, chosen)
