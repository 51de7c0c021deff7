"""Reminders while the chat is closed: an opt-in background loop and its systemd user unit.

``compassion reminders --daemon`` looks for due reminders every half minute and shows each as
a desktop notification (``notify-send``), or logs once that it cannot. ``--install`` writes
the unit under ``~/.config/systemd/user/`` and starts it; ``--uninstall`` (and ``compassion
forget``) stops and removes it. Nothing here runs unless the person asks; ``systemctl`` and
the notifier are passed in, so tests never touch the real session.
"""
from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, List, Mapping, Optional, Sequence

from assistant.core import settings as settings_module
from assistant.core.reminders import ReminderStore, due_message

log = logging.getLogger(__name__)

UNIT_NAME = "compassion-reminders.service"
CHECK_SECONDS = 30.0
Runner = Callable[[Sequence[str]], "subprocess.CompletedProcess[bytes]"]


def run_quietly(command: Sequence[str]) -> "subprocess.CompletedProcess[bytes]":
    """Run a system command without a shell, its output kept off the screen."""
    return subprocess.run(list(command), capture_output=True, timeout=30, check=False)


def unit_path(env: Optional[Mapping[str, str]] = None) -> Path:
    """Where the user unit lives: ``$XDG_CONFIG_HOME/systemd/user`` (``~/.config`` by default)."""
    env = os.environ if env is None else env
    config = env.get("XDG_CONFIG_HOME") or str(Path(env.get("HOME") or Path.home()) / ".config")
    return Path(config) / "systemd" / "user" / UNIT_NAME


def unit_text(settings: settings_module.Settings, python: str = sys.executable) -> str:
    """The unit: this checkout's Python runs the loop, with this data directory."""
    return (
        "[Unit]\n"
        "Description=Compassion reminders as desktop notifications (opt-in; `compassion reminders --uninstall` removes it)\n\n"
        "[Service]\n"
        f"ExecStart={python} -m assistant.cli reminders --daemon\n"
        f"WorkingDirectory={settings.root}\n"
        f"Environment=COMPASSION_DATA_DIR={settings.data_dir}\n"
        "Restart=on-failure\n\n"
        "[Install]\n"
        "WantedBy=default.target\n"
    )


@dataclass
class Service:
    """The background service as the person sees it: installed or not, started or not."""

    settings: settings_module.Settings = field(default_factory=settings_module.load)
    run: Runner = run_quietly
    env: Optional[Mapping[str, str]] = None

    @property
    def path(self) -> Path:
        return unit_path(self.env)

    def installed(self) -> bool:
        return self.path.exists()

    def _systemctl(self, *args: str) -> bool:
        try:
            return self.run(["systemctl", "--user", *args]).returncode == 0
        except (OSError, subprocess.SubprocessError) as error:
            log.warning("systemctl --user %s failed (%s)", args[0], type(error).__name__)
            return False

    def install(self) -> bool:
        """Write the unit and start it now and at every login; False when systemd could not start it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(unit_text(self.settings), encoding="utf-8")
        return self._systemctl("daemon-reload") and self._systemctl("enable", "--now", UNIT_NAME)

    def uninstall(self) -> bool:
        """Stop and remove the unit; False when there was none."""
        if not self.installed():
            return False
        self._systemctl("disable", "--now", UNIT_NAME)
        self.path.unlink()
        self._systemctl("daemon-reload")
        return True


def notifier(run: Runner = run_quietly, which: Callable[[str], Optional[str]] = shutil.which) -> Callable[[str], bool]:
    """A function that shows one desktop notification; it logs once, and returns False, when it can't."""
    command = which("notify-send")
    warned: List[bool] = []

    def notify(text: str) -> bool:
        if command is None:
            if not warned:
                log.warning("can't show desktop notifications here: notify-send was not found (package libnotify-bin)")
                warned.append(True)
            return False
        try:
            return run([command, "--app-name=Compassion", "Compassion", text]).returncode == 0
        except (OSError, subprocess.SubprocessError) as error:
            log.warning("a desktop notification failed (%s)", type(error).__name__)
            return False

    return notify


def deliver_due(store: ReminderStore, notify: Callable[[str], bool], now: Optional[float] = None) -> int:
    """Show every reminder that is due, for every conversation; returns how many were due."""
    due = store.take_due(None, now)
    for reminder in due:
        notify(due_message(reminder, now))
    if due:
        log.info("%d reminder(s) due", len(due))  # never their text
    return len(due)


def run_daemon(store: ReminderStore, notify: Callable[[str], bool], stop: threading.Event,
               every: float = CHECK_SECONDS) -> None:
    """The loop of ``compassion reminders --daemon``: look, show, wait, until ``stop`` is set."""
    log.info("reminder service started; checking every %.0f s", every)
    while True:
        try:
            deliver_due(store, notify)
        except Exception as error:  # a locked or missing file now is tried again next time
            log.warning("reminders could not be read (%s)", type(error).__name__)
        if stop.wait(every):
            return
