"""The runtime's promises that hold whatever the action server does."""
from assistant.runtime import SORRY


def test_crisis_answer_is_static_when_the_action_server_is_down(engine, sender, monkeypatch):
    engine.actions.stop()
    monkeypatch.setattr(engine.actions, "ensure_running", lambda: False)  # the restart fails too
    try:
        turn = engine.handle("i want to end my life tonight", sender)
    finally:
        monkeypatch.undo()
        engine.actions.ensure_running()
    assert turn.intent == "crisis"
    first = turn.replies[0].text
    assert "911" in first and "999" in first and "116 123" in first


def test_sticky_crisis_mode_through_the_engine(engine, sender):
    engine.handle("i've been stockpiling my pills", sender)
    thanks = engine.handle("thanks", sender)
    assert any("Are you safe right now?" in r.text for r in thanks.replies)
    safe = engine.handle("I'm safe now, I called my sister", sender)
    assert safe.intent == "confirm_safe"
    after = engine.handle("thanks", sender)
    assert not any("Are you safe right now?" in r.text for r in after.replies)


def test_saying_you_are_not_safe_never_ends_crisis_mode(engine, sender):
    """Bag-of-words features read "safe" as confirm_safe ("not feeling safe tonight" scored it 1.0):
    the crisis patterns must answer these before the classifier can end crisis mode."""
    engine.handle("i've been stockpiling my pills", sender)
    for unsafe in ("not feeling safe tonight", "i'm not sure i'm safe", "i'm in danger", "i won't be safe tonight", "safe? not really"):
        turn = engine.handle(unsafe, sender)
        assert turn.intent == "crisis", unsafe
        assert not any("you're safe" in r.text.lower() for r in turn.replies), unsafe


def test_failed_turn_apologises_instead_of_crashing(engine, sender, monkeypatch):
    async def broken(*args, **kwargs):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(engine.agent, "handle_message", broken)
    turn = engine.handle("hello", sender)
    assert turn.replies == [SORRY]
