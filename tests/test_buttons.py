"""Every button understood when its title is typed: each one walked, and stale ones expire kindly."""
import ast
from typing import Dict, List

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions import content
from actions.exercises import ask_which, start_exercise
from actions.friend import NEXT_BUTTONS
from actions.listening import ActionListeningFeedback
from actions.reminders import YES_NO as REMINDER_YES_NO
from actions.reminders import cancel_buttons
from actions.support import MORE_BUTTONS, YES_NO
from assistant.core.buttons import Expired, domain_buttons, resolve
from assistant.core.reminders import Reminder
from tests.conftest import ROOT, tracker_for


def _action_buttons() -> List[Dict[str, str]]:
    """Every button the actions send, produced by the actions themselves."""
    buttons = list(YES_NO) + list(NEXT_BUTTONS) + list(MORE_BUTTONS) + list(REMINDER_YES_NO)  # the shared lists by name
    dispatcher = CollectingDispatcher()
    ask_which(dispatcher, tracker_for("request_exercise", "an exercise"))
    for category in content.EXERCISE_CATEGORIES:
        first, *others = content.exercises_in(category) or [None]
        if first is not None:
            start_exercise(dispatcher, tracker_for("request_exercise", category), first, others)
    ActionListeningFeedback().run(dispatcher, tracker_for("affirm", "", slots={"listener_reply": "that sounds hard"}), {})
    buttons += [b for m in dispatcher.messages for b in m.get("buttons") or []]
    buttons += cancel_buttons([Reminder(1, "breathe", 0.0, None), Reminder(2, "rest", 0.0, None)])
    return buttons


def _literal_buttons() -> List[Dict[str, str]]:
    """Every button written out in actions/*.py ({"title": ..., "payload": ...} with both constant)."""
    found = []
    for path in sorted((ROOT / "actions").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Dict) and all(isinstance(k, ast.Constant) for k in node.keys):
                pairs = {k.value: v.value for k, v in zip(node.keys, node.values) if isinstance(v, ast.Constant)}
                if set(pairs) == {"title", "payload"}:
                    found.append(pairs)
    return found


def _domain_buttons() -> List[Dict[str, str]]:
    return domain_buttons(yaml.safe_load((ROOT / "domain.yml").read_text())["responses"])


ALL = _action_buttons() + _literal_buttons() + _domain_buttons()


def test_every_literal_button_in_the_actions_is_walked():
    """A new button written in actions/*.py must be added to the walk above."""
    walked = {b["title"] for b in ALL}
    for path in sorted((ROOT / "actions").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Dict):
                keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
                if "title" in keys and isinstance(node.values[keys.index("title")], ast.Constant):
                    assert node.values[keys.index("title")].value in walked, f"{path.name}: {node.values[keys.index('title')].value}"


@pytest.mark.parametrize("button", ALL, ids=lambda b: b["title"])
def test_a_typed_title_on_screen_is_its_payload(button):
    history = [("user", []), ("bot", [button])]
    for typed in (button["title"], button["title"].lower(), button["title"].upper() + "!"):
        assert resolve(typed, history) == button["payload"]


@pytest.mark.parametrize("button", _domain_buttons(), ids=lambda b: b["title"])
def test_domain_buttons_mean_the_same_at_any_time(button):
    assert resolve(button["title"], [("user", [])], evergreen=_domain_buttons()) == button["payload"]


def test_stale_flow_buttons_expire_with_a_kind_word():
    box = next(b for b in ALL if b["title"] == "Box breathing, 4 counts each")
    history = [("user", []), ("bot", [box]), ("user", []), ("bot", [])]
    answer = resolve("box breathing, 4 counts each", history)
    assert isinstance(answer, Expired) and answer.text.startswith("That exercise has finished")
    assert answer.buttons[0]["payload"] == box["payload"]
    assert resolve("yes", [("user", []), ("bot", answer.buttons)]) == box["payload"], "a plain yes starts it again"
    another = resolve("Another one", [("user", []), ("bot", [{"title": "Another one", "payload": "let's practise active listening again"}]), ("user", [])])
    assert isinstance(another, Expired) and "practice" in another.text


def test_ordinary_words_and_crisis_mode_never_expire():
    history = [("user", []), ("bot", list(YES_NO)), ("user", []), ("bot", [])]
    assert resolve("not now", history) is None, "ordinary words mean what they say"
    box = {"title": "Box breathing, 4 counts each", "payload": "let's do the box breathing exercise"}
    assert resolve(box["title"], [("user", []), ("bot", [box]), ("user", [])], crisis_mode=True) is None
    assert resolve("i feel awful", [("user", []), ("bot", [box])]) is None
