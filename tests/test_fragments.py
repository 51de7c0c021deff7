"""A crisis typed a word or two at a time is read together (assistant/safety/fragments.py)."""
import asyncio

from assistant.safety.fragments import FRAGMENT_WORDS, MAX_PIECES, WITHIN_SECONDS, pieces_before, read_together


def test_only_short_messages_in_a_row_and_close_in_time_are_pieces():
    said = [("i had an awful day at work and then came home to this", 0.0, False), ("took", 10.0, False), ("all", 20.0, False),
            ("my", 30.0, False)]
    assert pieces_before(said, 40.0) == ["took", "all", "my"]
    assert pieces_before(said, 30.0 + WITHIN_SECONDS + 1) == [], "a long pause starts a new thought"
    many = [(str(n), float(n), False) for n in range(20)]
    assert len(pieces_before(many, 20.0)) == MAX_PIECES - 1
    assert pieces_before([("a much longer message than a piece", 0.0, False)], 1.0) == []
    answered = [("sleep forever", 0.0, True), ("no", 5.0, False)]
    assert pieces_before(answered, 8.0) == ["no"], "a piece already asked about is not read again with what follows"
    assert FRAGMENT_WORDS >= 2


class Agent:
    """What read_together asks of a Rasa agent (a parse) and of a tracker (its events), in one object."""

    def __init__(self, earlier, reading):
        from rasa.shared.core.events import UserUttered

        self.events = [UserUttered(text, timestamp=at) for text, at in earlier]  # never read as risk
        self.reading = reading
        self.parsed = []

    async def parse_message(self, text):
        self.parsed.append(text)
        return self.reading(text)


def crisis_if(words):
    def reading(text):
        level = "crisis" if words in text else "none"
        return {"intent": {"name": "crisis" if level == "crisis" else "nlu_fallback"}, "crisis": {"level": level, "reason": "pattern:x"}}
    return reading


def test_pieces_that_read_as_risk_together_make_the_turn_a_crisis_and_keep_the_words_typed():
    agent = Agent([("i feel awful", 0.0), ("took", 5.0), ("all", 9.0), ("my", 12.0)], crisis_if("took all my pills"))
    parse = {"text": "pills", "intent": {"name": "out_of_scope"}, "crisis": {"level": "none"}}
    turned = asyncio.run(read_together(agent, agent, "pills", parse, now=15.0))
    assert turned["intent"]["name"] == "crisis" and "read with the 4 short messages" in turned["crisis"]["reason"]
    assert turned["text"] == "pills" and agent.parsed == ["i feel awful took all my pills"]


def test_pieces_that_read_as_nothing_together_change_nothing_and_a_long_message_is_not_read_again():
    parse = {"text": "bye", "intent": {"name": "goodbye"}}
    agent = Agent([("hi", 0.0), ("ok", 3.0)], crisis_if("never said"))
    assert asyncio.run(read_together(agent, agent, "bye", parse, now=6.0)) is parse
    agent = Agent([("hi", 0.0)], crisis_if("hi"))
    assert asyncio.run(read_together(agent, agent, "a message of more than three words", parse, now=6.0)) is parse and not agent.parsed


def test_a_conversation_that_could_not_be_read_or_a_failing_parse_changes_nothing():
    parse = {"intent": {"name": "greet"}}
    assert asyncio.run(read_together(Agent([], crisis_if("x")), None, "hi", parse, now=1.0)) is parse

    class Broken(Agent):
        async def parse_message(self, text):
            raise RuntimeError("the model is gone")

    broken = Broken([("took", 0.0), ("all my", 1.0)], crisis_if("x"))
    assert asyncio.run(read_together(broken, broken, "pills", parse, now=2.0)) is parse
