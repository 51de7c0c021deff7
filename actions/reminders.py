"""Setting, listing and cancelling reminders through the day (the article's "set reminders").

A request without a time we can place gets a question, and the request waits in the
``reminder_pending`` slot until the answer ("at 10am", "tomorrow morning") completes it.
Reminders while the chat is closed (the background service) are offered, explained and
only started after a yes (``offer`` = ``reminder_service``).
"""
from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.wording import full_stop, pick, previous_action, said_before
from assistant.core.reminder_service import Service
from assistant.core.reminder_times import (
    ASK_TIME,
    ASK_WHEN,
    Schedule,
    Unclear,
    as_time_answer,
    describe_interval,
    moved_time,
    next_on_days,
    parse_schedule,
    say_days,
    say_time,
    say_when,
    shift_of,
)
from assistant.core.reminders import RESTS_AT_NIGHT, Reminder, ReminderStore, cancel_choice, named_choice, parse_text, wants_cancel, wants_list

YES_NO = [{"title": "Yes, please", "payload": "yes please"}, {"title": "Not now", "payload": "no thanks"}]
DAY = 24 * 3600
BACKGROUND_OFF = re.compile(r"\b(?:stop|don'?t|do not|no longer|turn off|switch off|disable|remove)\b.*"
                            r"\b(?:background|desktop|notifications?|when (?:the )?(?:chat|app|shell|window) is (?:closed|shut))\b")
BACKGROUND_ON = re.compile(r"\b(?:even )?when (?:the )?(?:chat|app|shell|window|compassion|program|it)(?:'s| is)? "
                           r"(?:closed|shut|not open)\b|\bdesktop notifications?\b|\bin the background\b")
# "actually make it 4pm", "change it to 5": a new time for the reminder just set, not a new reminder
CHANGE_TIME = re.compile(r"\b(?:make it|change it to|move it to|change (?:the|that) time to|instead)\b")
# "remind me to call mum an hour later" is a new reminder, not a move of the last one
REMIND = re.compile(r"\bremind")
# "delete it", "actually scrap that", said right after a reminder was set: that reminder, not a stop
UNDO = re.compile(r"^\W*(?:(?:actually|oh|no|wait|hmm|ok|okay|sorry)\W+)*(?:please\W+)?(?:can you\W+)?"
                  r"(?:delete|remove|cancel|undo|scrap|drop|get rid of|forget|erase|bin)\W+(?:it|that|that one|this|this one)"
                  r"(?:\W+(?:please|thanks|then))?\W*$")
# Asked what to remind them of and given only a time again: a reminder still worth having.
DEFAULT_WHAT = "take a kind moment for yourself"
WHERE_SHOWN = "Reminders appear while Compassion is open; ask me to send them even when the chat is closed if you'd like."
ASK_WHAT = [
    "What would you like me to remind you about? You could say, remind me at 3pm to stretch.",
    "Sure. What should the reminder be for? For example, remind me tomorrow morning to drink water.",
]
EXPLAIN_SERVICE = (
    "I can send your reminders as desktop notifications even when this chat is closed. To do that, a small "
    "background helper would run on this computer as a systemd user service. It only reads your reminders, "
    "nothing leaves this machine, and you can turn it off by asking me or with compassion forget. Shall I turn it on?"
)


def cancel_buttons(reminders: List[Reminder]) -> List[Dict[str, str]]:
    buttons = [{"title": f"{n}. {r.subject}", "payload": f"cancel reminder number {n}"} for n, r in enumerate(reminders, 1)]
    return buttons + [{"title": "All of them", "payload": "cancel all my reminders"}]


def confirmation(reminder: Reminder, now: datetime) -> str:
    """'I'll remind you to rest at 10 a.m. on Friday.' in the person's words, said back to them."""
    first = datetime.fromtimestamp(reminder.next_at)
    if reminder.every:
        said = full_stop(f"I'll remind you {reminder.purpose} every {describe_interval(reminder.every)}, starting at {say_when(first, now)}")
        rests = reminder.every <= RESTS_AT_NIGHT  # core.reminders.awake
        return f"{said} They rest overnight, from 10 p.m. to 8 a.m." if rests else said
    if reminder.days:
        starting = say_when(first, now).split(" ", 2)[-1]
        return full_stop(f"I'll remind you {reminder.purpose} {say_days(reminder.days)} at {say_time(first)}, starting {starting}")
    return full_stop(f"I'll remind you {reminder.purpose} at {say_when(first, now)}")


def set_reminder(dispatcher: CollectingDispatcher, tracker: Tracker, store: ReminderStore, text: str) -> List[Dict[Text, Any]]:
    """Set the reminder the text asks for, or ask what is missing (keeping the request until the answer)."""
    pending = tracker.get_slot("reminder_pending")
    text = as_time_answer(text) if pending else text
    # a change asked for ("make it 9pm instead") replaces the waiting request's time rather than completing it (session 28:
    # "8pm", then "actually make it 9pm instead" set 8 p.m.); a bare time ("8pm" for "every evening") still completes it
    replaced = (bool(pending) and bool(CHANGE_TIME.search(text.lower())) and isinstance(parse_schedule(pending), Schedule)
                and isinstance(parse_schedule(text), Schedule))  # only a change asked for: "every evening", "8pm" is one
    request = f"{pending} {text}" if pending and not parse_text(text) and not replaced else text
    schedule, what = parse_schedule(request), parse_text(request)
    shift = None if pending or REMIND.search(text.lower()) else shift_of(text)
    if shift is not None and store.list(tracker.sender_id):
        return _shift_latest(dispatcher, tracker, store, shift)  # "push it back an hour"
    if isinstance(schedule, Unclear) or (schedule is None and what):
        question = schedule.question if isinstance(schedule, Unclear) else (
            "When would you like the reminder? For example at 3pm, tomorrow morning, on Friday at 10, or every two hours.")
        dispatcher.utter_message(text=pick([question, f"Sorry, I still didn't catch when. {question}"], tracker))
        return [SlotSet("reminder_pending", request)]
    if what is None and isinstance(schedule, Schedule) and CHANGE_TIME.search(text.lower()) and store.list(tracker.sender_id):
        return _move_latest(dispatcher, tracker, store, schedule, text)  # "actually make it 4pm"
    if what is None and isinstance(schedule, Schedule) and pending and any(said_before(ask, tracker) for ask in ASK_WHAT):
        what = DEFAULT_WHAT  # asked once already and given only a time: a kind moment, and say how to change it
    if what is None:
        dispatcher.utter_message(text=pick(ASK_WHAT, tracker))
        return [SlotSet("reminder_pending", request if isinstance(schedule, Schedule) else None)]
    assert isinstance(schedule, Schedule)  # None and Unclear were answered above
    reminder = store.add(tracker.sender_id, what, schedule)
    message = confirmation(reminder, datetime.now())
    if what == DEFAULT_WHAT:
        message += " If you'd rather it said something else, cancel it and ask for a new one."
    if not said_before(WHERE_SHOWN, tracker) and not Service().installed():
        message += f" {WHERE_SHOWN}"
    dispatcher.utter_message(text=message)
    return [SlotSet("reminder_pending", None)]


def _move_latest(dispatcher: CollectingDispatcher, tracker: Tracker, store: ReminderStore, schedule: Schedule,
                 text: str) -> List[Dict[Text, Any]]:
    """The reminder set last, moved to the new time: the old one goes, so only one is left. One that repeats daily or
    on set days keeps repeating at the new time; one that repeats every few hours is left as it is (a new time alone
    would turn it into a one-off): cancel and set it again."""
    latest, now = max(store.list(tracker.sender_id), key=lambda r: r.id), datetime.now()
    if not schedule.every and not schedule.days:  # a clock time alone: the nearer a.m. or p.m., on the old day if still ahead
        schedule = Schedule(moved_time(datetime.fromtimestamp(latest.next_at), datetime.fromtimestamp(schedule.first_at), text, now).timestamp())
    if not schedule.every and not schedule.days and (latest.days or latest.every == DAY):  # "make it 7:30", every day at 8
        at = datetime.fromtimestamp(schedule.first_at)
        schedule = Schedule(next_on_days(latest.days or "0123456", at.hour, at.minute, now).timestamp(), every=latest.every, days=latest.days)
    elif latest.every or latest.days:
        dispatcher.utter_message(text=f"That one repeats ({latest.describe()}), so I've left it as it is. To change it, "
                                      f"cancel it and set it again with the new time.")
        return [SlotSet("reminder_pending", None)]
    store.cancel(tracker.sender_id, [latest.id])
    moved = store.add(tracker.sender_id, latest.text, schedule)
    dispatcher.utter_message(text=f"Done, moved. {confirmation(moved, datetime.now())}")
    return [SlotSet("reminder_pending", None)]


def _shift_latest(dispatcher: CollectingDispatcher, tracker: Tracker, store: ReminderStore, seconds: int) -> List[Dict[Text, Any]]:
    """The reminder set last, moved by an amount ("push it back an hour"); a repeating one keeps repeating from
    its new time. A move into the past is not made: they are asked for a time instead."""
    latest = max(store.list(tracker.sender_id), key=lambda r: r.id)
    moved_to = latest.next_at + seconds
    if moved_to <= datetime.now().timestamp():
        dispatcher.utter_message(text=f"That would be in the past, so I've left it at {say_when(datetime.fromtimestamp(latest.next_at), datetime.now())}. "
                                      "What time would you like it instead?")
        return [SlotSet("reminder_pending", None)]
    store.cancel(tracker.sender_id, [latest.id])
    moved = store.add(tracker.sender_id, latest.text, Schedule(moved_to, latest.every, latest.days))
    dispatcher.utter_message(text=f"Done, moved. {confirmation(moved, datetime.now())}")
    return [SlotSet("reminder_pending", None)]


# "cancel the 3pm one", "remove all of them", said just after reminders were listed or set
CANCEL_VERB = re.compile(r"^\W*(?:(?:ok|okay|actually|and|then|please|oh|sorry|no|wait|hmm|um|hold on)\W+){0,3}(?:can you\W+)?"
                         r"(?:cancel|delete|remove|get rid of|drop|clear|bin|scrap)\b")


# "list them", "which ones are there", "what time is it set for", said just after a reminder answer
LIST_FOLLOW_UP = re.compile(r"^\W*(?:(?:ok|okay|and|so|wait|hmm)\W+)?(?:(?:list|show) (?:them|it|those|all)|which ones|what(?: time)? (?:is|are) "
                            r"(?:it|they|that|those)(?: set)? for|when (?:is|are) (?:it|they|that)(?: set for)?)\b")
ANSWER_WORDS = 6
"""An answer to "when?" is a few words; a longer message after the question is something else."""


def about_reminders(tracker: Tracker) -> bool:
    """Whether the latest message, just after a reminder answer, cancels or lists them ("cancel all of them",
    "list them"): what :func:`reminder_follow_up` answers for certain."""
    text = (tracker.latest_message.get("text") or "").lower()
    return just_answered(tracker) and bool(CANCEL_VERB.search(text) or wants_list(text) or LIST_FOLLOW_UP.search(text))


TOPIC = "reminders"
"""The bot messages of a reminder answer given by another action carry it (metadata), so the next one follows on."""


def just_answered(tracker: Tracker) -> bool:
    """Whether the assistant's last answer was about reminders: the reminder action's, or a follow-up's marked so."""
    if previous_action(tracker) == "action_reminder":
        return True
    bot = next((e for e in reversed(list(tracker.events)) if e.get("event") == "bot"), None)
    return bool(bot and (bot.get("metadata") or {}).get("topic") == TOPIC)


def reminder_follow_up(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """:func:`follow_up`, its messages marked as about reminders so that a further follow-up is read the same way
    ("push it back an hour", then "list them")."""
    before = len(dispatcher.messages)
    events = follow_up(dispatcher, tracker)
    for message in dispatcher.messages[before:]:
        message["topic"] = TOPIC
    return events


NAMES_ONE = re.compile(r"^\W*(?:(?:ok|okay|actually|and|oh|please|can you|could you|hmm|um)\W+){0,3}"
                       r"(?:cancel|delete|remove|get rid of|drop|scrap|stop|turn off)\s+(?:the|that|my)\s+"
                       r"(?:(?:\w+\s+){1,3}(?:one|reminder|notification)s?|one\s+(?:about|for))\b")
"""A whole request to cancel one reminder named by what it is for ("delete the one about my sister", "stop the water
one"), said first in the message: never a phrase inside a feeling ("i keep trying to stop the negative self talk")."""


def cancel_one_named(dispatcher: CollectingDispatcher, tracker: Tracker, text: str) -> Optional[List[Dict[Text, Any]]]:
    """Cancels the reminder a request names by what it is for, at any point in the conversation; None when it names
    no reminder of theirs by number, time or words (the words may be about something else entirely)."""
    if not NAMES_ONE.search(text):
        return None
    store = ReminderStore()
    return cancel_reminders(dispatcher, tracker, store, text) if named_choice(text, store.list(tracker.sender_id)) else None


def follow_up(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """What is said right after a reminder answer is about it, whatever the NLU read: "delete it" cancels the newest
    reminder (or, while one is being asked about, that request), "every two hours" answers the question asked,
    "make it 9" moves it, "cancel the 3pm one" cancels.
    None when the assistant's last answer was not about reminders, or this is not one of those."""
    text = (tracker.latest_message.get("text") or "").lower()
    if not just_answered(tracker):
        return cancel_one_named(dispatcher, tracker, text)
    store = ReminderStore()
    reminders = store.list(tracker.sender_id)
    if any(word in text for word in ("everything", "my data", "about me", "conversation", "history")):
        return None  # "delete everything you know about me" is about privacy, not reminders
    if UNDO.search(text) and tracker.get_slot("reminder_pending"):
        dispatcher.utter_message(text="Okay, I won't set that one.")  # the request still being asked about, not an older one
        return [SlotSet("reminder_pending", None), SlotSet("offer", None)]
    if UNDO.search(text) and reminders:
        latest = max(reminders, key=lambda r: r.id)
        store.cancel(tracker.sender_id, [latest.id])
        dispatcher.utter_message(text=f"Done. I've cancelled the reminder {latest.purpose}.")
        return [SlotSet("reminder_pending", None), SlotSet("offer", None)]
    if CANCEL_VERB.search(text) and reminders:
        return cancel_reminders(dispatcher, tracker, store, text)
    if reminders and (wants_list(text) or LIST_FOLLOW_UP.search(text)):  # "list them", "what time is it set for"
        return list_reminders(dispatcher, tracker, store)
    shift = shift_of(text)
    if shift is not None and reminders and not tracker.get_slot("reminder_pending"):
        return _shift_latest(dispatcher, tracker, store, shift)  # "push it back an hour"
    if tracker.get_slot("reminder_pending"):
        text = as_time_answer(text)  # "11" or "23:00", answering "what time?"
    answers_question = (tracker.get_slot("reminder_pending") and parse_schedule(text) is not None and parse_text(text) is None
                        and len(text.split()) <= ANSWER_WORDS)  # "every two hours", not a whole new message
    if answers_question or (CHANGE_TIME.search(text) and isinstance(parse_schedule(text), Schedule) and reminders):
        return set_reminder(dispatcher, tracker, store, text)
    return None


def cancel_if_named(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[Dict[Text, Any]]]:
    """"Cancel the breathing one", whenever it is said and whatever the NLU read (an exercise's name in it reads as
    asking for the exercise): cancels when the person has a reminder those words name; None otherwise."""
    text = (tracker.latest_message.get("text") or "").lower()
    if not CANCEL_VERB.search(text):
        return None
    store = ReminderStore()
    reminders = store.list(tracker.sender_id)
    if not reminders or not cancel_choice(text, reminders):
        return None
    return cancel_reminders(dispatcher, tracker, store, text)


def cancel_reminders(dispatcher: CollectingDispatcher, tracker: Tracker, store: ReminderStore, text: str) -> List[Dict[Text, Any]]:
    reminders = store.list(tracker.sender_id)
    if not reminders:
        dispatcher.utter_message(text="You don't have any reminders to cancel.")
        return [SlotSet("reminder_pending", None)]
    chosen = cancel_choice(text, reminders)
    if chosen is None:
        dispatcher.utter_message(text="Which one would you like me to cancel?", buttons=cancel_buttons(reminders))
    elif not chosen:
        listed = " ".join(f"{n}. {full_stop(r.describe())}" for n, r in enumerate(reminders, 1))
        dispatcher.utter_message(text=f"I couldn't find that one. Your reminders: {listed} Which should I cancel?",
                                 buttons=cancel_buttons(reminders))
    else:
        store.cancel(tracker.sender_id, [r.id for r in chosen])
        left = len(reminders) - len(chosen)
        what = f"the reminder {chosen[0].purpose}" if len(chosen) == 1 else f"{len(chosen)} reminders"
        rest = f" You still have {left}." if left else ""
        dispatcher.utter_message(text=f"Done. I've cancelled {what}.{rest}")
    return [SlotSet("reminder_pending", None)]


def turn_service_on(dispatcher: CollectingDispatcher, service: Optional[Service] = None) -> List[Dict[Text, Any]]:
    """After a yes: install and start the background service, and say plainly what happened."""
    service = service or Service()
    if service.install():
        dispatcher.utter_message(text="Done. Your reminders will now also appear as desktop notifications when the chat is "
                                      "closed. Say stop sending reminders when the chat is closed to turn it off.")
    else:
        dispatcher.utter_message(text="I couldn't start the background helper on this computer (systemd's user services "
                                      "aren't available here). You can run compassion reminders --daemon in a terminal "
                                      "instead, and reminders will show while it runs.")
    return [SlotSet("offer", None)]


def turn_service_off(dispatcher: CollectingDispatcher, service: Optional[Service] = None) -> List[Dict[Text, Any]]:
    service = service or Service()
    if service.uninstall():
        dispatcher.utter_message(text="Okay, I've turned off reminders outside the chat and removed the background helper. "
                                      "They'll show here while Compassion is open.")
    else:
        dispatcher.utter_message(text="Reminders aren't being sent outside the chat, so there's nothing to turn off. "
                                      "They show here while Compassion is open.")
    return [SlotSet("offer", None)]


ASKS_FOR_ONE = re.compile(r"\b(?:remind|reminders?|nudge|alarm|notify|notification)\b")
"""Words that ask for a reminder: without them, a message straight after the direct question about suicide answers it
(session 27: "haha only on mondays" began setting up a reminder)."""


class ActionReminder(Action):
    """One action for every reminder request: the wording says whether to set, list or cancel."""

    def name(self) -> Text:
        return "action_reminder"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        text = tracker.latest_message.get("text") or ""
        lowered = text.lower()
        asked_when = any(question.split("{")[0][:20] in (e.get("text") or "") for e in list(tracker.events)[-6:] if e.get("event") == "bot"
                         for question in (ASK_WHEN, ASK_TIME))  # "8pm", to "when would you like the reminder?"
        if tracker.get_slot("offer") == "risk_check" or (tracker.get_slot("crisis_mode") and not ASKS_FOR_ONE.search(lowered)
                                                         and not asked_when):
            from actions.check_declined import ActionCheckDeclined  # they import what imports this module
            from actions.safety import ActionCrisisReminder

            # "haha only on mondays", to the direct question or in crisis mode: an answer, not a time for a reminder; the
            # question open, any reminder waits for its answer ("remind me tomorrow at 9 to say goodbye")
            action = ActionCrisisReminder() if tracker.get_slot("crisis_mode") else ActionCheckDeclined()
            return action.run(dispatcher, tracker, domain)
        background = BACKGROUND_ON.search(lowered) or BACKGROUND_OFF.search(lowered)
        if (tracker.latest_message.get("intent") or {}).get("name") == "ask_privacy" and not background:
            dispatcher.utter_message(response="utter_privacy")  # "is that stored anywhere?", just after a reminder answer
            return []
        if BACKGROUND_OFF.search(lowered):
            return turn_service_off(dispatcher)
        if BACKGROUND_ON.search(lowered):
            if Service().installed():
                dispatcher.utter_message(text="Your reminders are already sent as desktop notifications when the chat is closed.")
                return []
            dispatcher.utter_message(text=EXPLAIN_SERVICE, buttons=YES_NO)
            return [SlotSet("offer", "reminder_service")]
        store = ReminderStore()
        if wants_cancel(text):
            return cancel_reminders(dispatcher, tracker, store, text)
        if wants_list(text):
            return list_reminders(dispatcher, tracker, store)
        return set_reminder(dispatcher, tracker, store, text)


def list_reminders(dispatcher: CollectingDispatcher, tracker: Tracker, store: ReminderStore) -> List[Dict[Text, Any]]:
    reminders = store.list(tracker.sender_id)
    if not reminders:
        dispatcher.utter_message(text="You don't have any reminders set. You could say, remind me to breathe every two hours.")
    else:
        lines = " ".join(f"{n}. {full_stop(r.describe())}" for n, r in enumerate(reminders, 1))
        dispatcher.utter_message(text=f"Your reminders: {lines} To cancel one, say cancel and its number or what it's for.")
    return [SlotSet("reminder_pending", None)]
