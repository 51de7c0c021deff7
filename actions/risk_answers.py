"""How an answer to the direct question about suicide is read: a denial in their own words, or a plain no first.

Either, with nothing beside it but a feeling (a plan, a decision, a goodbye or a means never), is their answer,
not a new warning sign; ``actions/safety.py`` then carries on gently instead of asking again.
"""
from __future__ import annotations

import re

from rasa_sdk import Tracker

from actions import content
from actions.resources import latest_text, lowered
from actions.wording import recent_bot_texts, within
from assistant.safety.lexicon import assess, names_means

FEELING_SIGNS = frozenset({"feel_a_burden", "hopeless", "giving_up", "no_future_self", "not_belong_in_world", "want_it_to_stop",
                           "wanting_out", "they_would_be_better_off", "out_of_the_way"})
"""Warning signs that are a feeling, not a step towards acting: beside "I'm not suicidal" they do not outweigh it."""


def denies_it(said: str) -> bool:
    """Whether a message says in its own words that they are not suicidal or hurting themselves ("i'm not
    suicidal", "i don't want to die") and names, besides, no more than a feeling (``FEELING_SIGNS``): a plan, a
    decision, a time, a goodbye or a means beside the denial is never taken as its answer."""
    found = assess(said)
    return (any(m.cancelled_by == "negated" and m.category in ("ideation", "self_harm") for m in found.matches)
            and all(m.name in FEELING_SIGNS for m in found.standing) and not names_means(said))


NO_CLEAR_RISK = 0.5
"""A no first answers the direct question only when the classifier's clear-risk score for the message is below this."""


def answers_no(tracker: Tracker) -> bool:
    """Whether the message opens with a plain no (``no_first``: "no, honestly just tired of everything going wrong")
    with no risk words at all after it, nothing that qualifies it ("not yet", "not tonight") and a low clear-risk
    score: the words that made the classifier ask are then no new sign."""
    said = lowered(latest_text(tracker))
    risk = tracker.latest_message.get("crisis") or {}
    return (content.matches_any(content.safety_talk()["no_first"], said) and not assess(said).matches and not names_means(said)
            and not content.matches_any(content.safety_talk()["unsure_answers"], said)
            and float(risk.get("crisis_score") or 0.0) < NO_CLEAR_RISK)


QUESTIONS = ("check_question", "check_question_self_harm", "check_question_danger", "check_question_denied", "check_question_control",
             "asked_again")
"""The ways the direct question is put (``safety_talk.yml``)."""


ASKED_AGAIN = re.compile(r"\b(?:suicide|ending your life|end your life|hurting yourself|kill yourself)\b[^.!?]*\?")
"""The question put again at the end of another answer (the reply to "why do you ask?")."""


def stale_acknowledgement(tracker: Tracker) -> bool:
    """Whether the message is a bare "ok" while the direct question is still open but was not what the assistant
    said last (another answer came in between): an "ok" to that answer, not a yes to the question."""
    talk = content.safety_talk()
    if not content.matches_any(talk["acknowledgements"], lowered(latest_text(tracker)).strip()):
        return False
    last = recent_bot_texts(tracker, limit=1)
    asked_last = bool(last) and (any(within(question, last[0]) for key in QUESTIONS for question in talk[key])
                                 or bool(ASKED_AGAIN.search(last[0])))  # put again by another answer ("why do you ask?")
    return not asked_last
