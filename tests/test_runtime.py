"""The runtime's promises that hold whatever the action server does."""
import pytest

from assistant.core.runtime import SORRY


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


def _asks_if_safe(turn) -> bool:
    from actions import content

    return any(question in r.text for r in turn.replies for question in content.safety_talk()["check_in"])


def test_sticky_crisis_mode_through_the_engine(engine, sender):
    engine.handle("i've been stockpiling my pills", sender)
    thanks = engine.handle("thanks", sender)
    assert _asks_if_safe(thanks) and any("findahelpline.com" in r.text for r in thanks.replies)
    safe = engine.handle("I'm safe now, I called my sister", sender)
    assert safe.intent == "confirm_safe"
    after = engine.handle("thanks", sender)
    assert not _asks_if_safe(after)


def test_not_safe_in_crisis_mode_gets_a_shorter_urgent_answer(engine, sender):
    first = engine.handle("i want to end my life", sender)
    again = engine.handle("I'm not safe", sender)
    assert again.intent == "crisis"
    text = " ".join(r.text for r in again.replies)
    assert len(text) < len(" ".join(r.text for r in first.replies)) / 2
    assert text.index("emergency number") < text.index("findahelpline.com"), "the emergency number comes first"
    assert "with me" in text or "here with you" in text
    assert text not in " ".join(r.text for r in first.replies)


def test_stop_asking_is_respected_without_ending_crisis_mode(engine, sender):
    engine.handle("i want to kill myself", sender)
    quiet = engine.handle("i said im fine, stop asking", sender)
    assert not _asks_if_safe(quiet) and any("findahelpline.com" in r.text for r in quiet.replies)
    later = engine.handle("whatever", sender)
    assert not _asks_if_safe(later), "no nagging once asked to stop"
    assert any("findahelpline.com" in r.text for r in later.replies), "the line stays in view"
    assert not any("glad you're safe" in r.text.lower() for r in quiet.replies + later.replies)


def test_other_intents_never_end_crisis_mode(engine, sender):
    engine.handle("i want to kill myself", sender)
    for text in ("i just want people to like me", "i don't know how to accept help", "tell me about compassion"):
        engine.handle(text, sender)
    turn = engine.handle("thanks", sender)
    assert any("findahelpline.com" in r.text for r in turn.replies), "crisis mode still on"


@pytest.mark.parametrize("warning", ["i've made up my mind, tonight's the night", "cant do this anymore. i have a plan"])
def test_warning_signs_are_asked_about_directly(engine, sender, warning):
    asked = engine.handle(warning, sender)
    assert asked.intent in ("crisis_check", "crisis")
    if asked.intent == "crisis_check":
        text = " ".join(r.text for r in asked.replies).lower()
        assert "suicide" in text or "ending your life" in text
        assert "findahelpline.com" in text, "one line in view"
        yes = engine.handle("yes", sender)
        assert any("911" in r.text and "988" in r.text for r in yes.replies)
        assert engine.handle("thanks", sender).replies, "crisis mode on"


def test_no_to_the_direct_question_carries_on_gently(engine, sender):
    asked = engine.handle("i've made up my mind and it's settled now", sender)
    assert asked.intent == "crisis_check"
    no = engine.handle("no", sender)
    text = " ".join(r.text for r in no.replies)
    assert "911" not in text and ("thank you" in text.lower() or "okay" in text.lower())


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


def test_the_domain_goes_only_to_the_action_that_reads_it(engine):
    """domain.yml says the form validator reads the domain, so the endpoint sends it selectively; a model whose
    domain says nothing of the kind would keep Rasa's default (the domain with every call)."""
    from types import SimpleNamespace

    from assistant.core.action_server import send_domain_only_where_read

    assert engine.agent.action_endpoint.kwargs.get("enable_selective_domain") is True
    assert engine.agent.domain.does_custom_action_explicitly_need_domain("validate_listening_practice_form")
    older = SimpleNamespace(action_endpoint=SimpleNamespace(kwargs={}),
                            domain=SimpleNamespace(user_actions=["validate_listening_practice_form"],
                                                   does_custom_action_explicitly_need_domain=lambda name: False))
    send_domain_only_where_read(older)
    assert older.action_endpoint.kwargs == {}
