"""Setting, listing and cancelling reminders through the day (the article's "set reminders")."""
from __future__ import annotations

import time
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from assistant.core.reminders import DEFAULT_EVERY, ReminderStore, Schedule, describe_interval, parse_schedule, parse_text, wants_cancel, wants_list


class ActionReminder(Action):
    """One action for every reminder request: the wording says whether to set, list or cancel."""

    def name(self) -> Text:
        return "action_reminder"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        text = tracker.latest_message.get("text") or ""
        store = ReminderStore()
        sender = tracker.sender_id
        if wants_cancel(text):
            count = store.cancel_all(sender)
            dispatcher.utter_message(text=f"Done. I've cancelled {count} reminder{'s' if count != 1 else ''}." if count else "You don't have any reminders to cancel.")
            return []
        if wants_list(text):
            reminders = store.list(sender)
            if not reminders:
                dispatcher.utter_message(text="You don't have any reminders set. You could say, remind me to breathe every two hours.")
            else:
                lines = " ".join(f"{n}. {r.describe()}." for n, r in enumerate(reminders, 1))
                dispatcher.utter_message(text=f"Your reminders: {lines} Say cancel my reminders to stop them.")
            return []
        schedule = parse_schedule(text) or Schedule(time.time() + DEFAULT_EVERY, DEFAULT_EVERY)
        reminder = store.add(sender, parse_text(text), schedule)
        how_often = f"every {describe_interval(reminder.every)}" if reminder.every else "once"
        dispatcher.utter_message(
            text=(
                f"I'll remind you to {reminder.text}, {how_often}, starting at "
                f"{time.strftime('%H:%M', time.localtime(reminder.next_at))}. Reminders appear while Compassion is "
                "open. Say what reminders do I have, or cancel my reminders, at any time."
            )
        )
        return []
