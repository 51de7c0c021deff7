"""The opt-in background service: its unit file, systemctl calls, notifications and removal by forget.

Every test uses a temporary HOME and XDG_CONFIG_HOME and a recording stand-in for systemctl and
notify-send: nothing here touches the real home directory or the real user session.
"""
import subprocess
import threading
from typing import List, Sequence

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.reminders import turn_service_off, turn_service_on
from assistant.core import settings as settings_module
from assistant.core.privacy import forget_everything
from assistant.core.reminder_service import UNIT_NAME, Service, deliver_due, notifier, run_daemon, unit_path
from assistant.core.reminder_times import Schedule
from assistant.core.reminders import ReminderStore


class Recorder:
    """Stands in for subprocess.run: records each command, answers with a chosen return code."""

    def __init__(self, code: int = 0) -> None:
        self.commands: List[List[str]] = []
        self.code = code

    def __call__(self, command: Sequence[str]) -> "subprocess.CompletedProcess[bytes]":
        self.commands.append(list(command))
        return subprocess.CompletedProcess(list(command), self.code, b"", b"")


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("COMPASSION_DATA_DIR", str(tmp_path / "data"))
    return tmp_path


def test_unit_goes_under_the_user_config_directory(home):
    assert unit_path() == home / "config" / "systemd" / "user" / UNIT_NAME
    assert unit_path({"HOME": "/somewhere"}) == unit_path({"HOME": "/somewhere"})
    assert str(unit_path({"HOME": "/somewhere"})).startswith("/somewhere/.config/systemd/user/")


def test_install_writes_the_unit_and_starts_it_uninstall_removes_it(home):
    systemctl = Recorder()
    service = Service(settings_module.load(), run=systemctl)
    assert service.install() and service.installed()
    text = service.path.read_text()
    assert "reminders --daemon" in text and f"COMPASSION_DATA_DIR={home / 'data'}" in text and "WantedBy=default.target" in text
    assert ["systemctl", "--user", "enable", "--now", UNIT_NAME] in systemctl.commands
    assert service.uninstall() and not service.path.exists()
    assert ["systemctl", "--user", "disable", "--now", UNIT_NAME] in systemctl.commands
    assert not service.uninstall(), "nothing to remove twice"


def test_without_systemd_install_says_it_could_not_start(home):
    def missing(command):
        raise FileNotFoundError("systemctl")

    dispatcher = CollectingDispatcher()
    turn_service_on(dispatcher, Service(settings_module.load(), run=missing))
    assert "compassion reminders --daemon" in dispatcher.messages[0]["text"]


def test_the_assistant_turns_it_on_after_yes_and_off_when_asked(home):
    systemctl = Recorder()
    service = Service(settings_module.load(), run=systemctl)
    on = CollectingDispatcher()
    turn_service_on(on, service)
    assert "desktop notifications" in on.messages[0]["text"] and service.installed()
    off = CollectingDispatcher()
    turn_service_off(off, service)
    assert "turned off" in off.messages[0]["text"] and not service.installed()


def test_forget_removes_the_service_too(home):
    settings = settings_module.load()
    Service(settings, run=Recorder()).install()
    import assistant.core.privacy as privacy

    original = privacy.Service
    privacy.Service = lambda s: Service(s, run=Recorder())
    try:
        said = forget_everything(settings)
    finally:
        privacy.Service = original
    assert "Removed the background reminder service" in said and not unit_path().exists()


def test_forget_without_a_service_never_calls_systemctl(home):
    settings = settings_module.load()
    systemctl = Recorder()
    assert not Service(settings, run=systemctl).uninstall() and systemctl.commands == []


def test_due_reminders_become_notifications_for_every_conversation(home):
    store = ReminderStore(home / "r.db")
    store.add("a", "breathe", Schedule(first_at=100.0))
    store.add("b", "be kind to yourself", Schedule(first_at=100.0 + 1))
    shown: List[str] = []
    assert deliver_due(store, lambda text: shown.append(text) or True, now=1000.0) == 2
    assert shown[0].startswith("Reminder: breathe.") and "couldn't show it then" in shown[0], "late, and says so"
    assert deliver_due(store, shown.append, now=1001.0) == 0


def test_notifications_use_notify_send_or_log_that_they_cannot(caplog):
    sent = Recorder()
    assert notifier(run=sent, which=lambda name: "/usr/bin/notify-send")("Reminder: breathe.")
    assert sent.commands[0][0] == "/usr/bin/notify-send" and sent.commands[0][-1] == "Reminder: breathe."
    quiet = notifier(run=sent, which=lambda name: None)
    assert not quiet("Reminder: breathe.") and not quiet("Reminder: stretch.")
    warnings = [r for r in caplog.records if "notify-send" in r.getMessage()]
    assert len(warnings) == 1 and "breathe" not in warnings[0].getMessage(), "logged once, never the text"


def test_the_daemon_loop_stops_when_asked(home):
    store = ReminderStore(home / "r.db")
    store.add("a", "breathe", Schedule(first_at=1.0))
    stop = threading.Event()
    shown: List[str] = []

    def notify(text: str) -> bool:
        shown.append(text)
        stop.set()
        return True

    run_daemon(store, notify, stop, every=0.01)
    assert shown and store.list("a") == []
