"""Reminders: reading the request, storing them, delivering what is due, and forgetting them."""
from datetime import datetime

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.reminders import ActionReminder
from assistant.core.reminders import DEFAULT_TEXT, ReminderStore, Schedule, parse_schedule, parse_text, wants_cancel, wants_list
from tests.conftest import tracker_for

NOW = datetime(2026, 11, 25, 10, 0)


@pytest.mark.parametrize(
    "text,first,every",
    [
        ("remind me to breathe every two hours", datetime(2026, 11, 25, 12, 0), 7200),
        ("remind me every hour to drink water and breathe", datetime(2026, 11, 25, 11, 0), 3600),
        ("remind me at 3pm to be kind to myself", datetime(2026, 11, 25, 15, 0), None),
        ("remind me at 9am tomorrow to stretch", datetime(2026, 11, 26, 9, 0), None),
        ("nudge me to take a break this afternoon", datetime(2026, 11, 25, 15, 0), None),
        ("remind me in 20 minutes to stretch", datetime(2026, 11, 25, 10, 20), None),
    ],
)
def test_schedules_are_read_from_everyday_wording(text, first, every):
    schedule = parse_schedule(text, NOW)
    assert datetime.fromtimestamp(schedule.first_at) == first and schedule.every == every


def test_what_to_be_reminded_of():
    assert parse_text("remind me at 3pm to be kind to myself") == "be kind to myself"
    assert parse_text("remind me to breathe every two hours") == "breathe"
    assert parse_text("set a reminder for later") == DEFAULT_TEXT


def test_list_and_cancel_requests_are_told_apart():
    assert wants_list("what reminders do i have") and not wants_cancel("what reminders do i have")
    assert wants_cancel("cancel my reminders") and wants_cancel("stop reminding me")
    assert not wants_list("remind me to breathe") and not wants_cancel("remind me to breathe")


def test_store_delivers_once_and_repeats(tmp_path):
    store = ReminderStore(tmp_path / "r.db")
    store.add("a", "breathe", Schedule(first_at=100.0, every=3600))
    store.add("a", "stretch", Schedule(first_at=200.0))
    store.add("b", "someone else's", Schedule(first_at=100.0))
    assert [r.text for r in store.take_due("a", now=300.0)] == ["breathe", "stretch"]
    assert [r.text for r in store.list("a")] == ["breathe"] and store.list("a")[0].next_at == 3700.0
    assert store.take_due("a", now=301.0) == []
    assert store.cancel_all("a") == 1 and store.list("a") == []
    assert store.forget_everything() == 1


def run_reminder(text, sender):
    dispatcher = CollectingDispatcher()
    tracker = tracker_for("set_reminder", text)
    tracker.sender_id = sender
    ActionReminder().run(dispatcher, tracker, {})
    return dispatcher.messages[0]["text"]


def test_reminder_action_sets_lists_and_cancels(sender):
    assert "I'll remind you to breathe, every 2 hours" in run_reminder("remind me to breathe every two hours", sender)
    assert "breathe, every 2 hours" in run_reminder("what reminders do i have", sender)
    assert "cancelled 1 reminder" in run_reminder("cancel my reminders", sender)
    assert "don't have any reminders" in run_reminder("what reminders do i have", sender)


def test_request_without_a_time_repeats_through_the_day(sender):
    assert "every 2 hours" in run_reminder("remind me to be kind to myself during the day", sender)
