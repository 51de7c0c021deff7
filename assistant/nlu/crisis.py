"""The crisis detector: the last word in the NLU pipeline on whether a message is a crisis.

It runs after the intent classifier (and the fallback) on every message from every channel,
so the shell, voice, the web page, `rasa shell`, `rasa test nlu` and `/model/parse` all see
one decision, graded in three levels and written to the parse data as
``crisis: {level, reason, score}``:

- ``crisis``: clear risk — crisis language from :mod:`assistant.safety.lexicon`, or the
  classifier's crisis score (which sees the sentence encoder's meaning as well as the words)
  at or above ``classifier_threshold``. The intent becomes ``crisis`` (confidence 1.0).
- ``check``: possible risk — warning signs without explicit words (a decision, a plan, a time,
  no way out, hopelessness), or a crisis score between ``check_threshold`` and the threshold (``feeling_check_threshold``
  for a short message whose best other reading is a feeling or a need, one of ``feeling_intents``).
  The intent becomes ``crisis_check``: the assistant asks, directly and kindly, whether they
  are thinking about suicide.
- A "safe" reading (``confirm_safe``) stands only when the message states safety in some words
  (:func:`assistant.safety.lexicon.states_safety`): a plan or the means at hand is never read as
  safety. Without it, a message that names a means of harm is a ``check``; any other gives way to
  the next-best intent, or to the fallback.
- A long message whose whole reads as ``none`` (and not as another person's risk) is a ``check`` when one of
  its sentences, read alone (:mod:`assistant.nlu.sentence_parts`), has a crisis score of
  ``sentence_check_threshold`` or more and nothing in that sentence is explained away: risk told late in a long
  post, whatever another sentence excused.
- A short message whose every risk phrase was denied ("not gonna kill myself, but ...") is a ``check`` when the
  classifier's crisis score is still ``denied_check_threshold`` or more: the denial covers its own words only.
- ``none``. If every risk phrase was explained away (someone else, negated, past and
  resolved, an idiom), a classifier "crisis" or the fallback it caused gives way to the
  next-best intent; when that one is weak too, the fallback asks what they mean.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Text, Tuple

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.risk_neighbours import RISK_NEIGHBOURS
from assistant.nlu.sentence_parts import parts_of
from assistant.safety import CHECK_INTENT, CRISIS_INTENT, DESPITE_DENIAL, QUOTED_WORDS, SAFE_INTENT, SAID_TO_THEM, WISH_DENIED
from assistant.safety.lexicon import assess, denies_a_wish, meant, names_means, only_hyperbole, states_safety
from assistant.safety.others import (
    about_someone_else,
    another_persons_risk,
    found_on_them,
    quoted_lines,
    said_to_the_writer,
    tells_of_their_signs,
    their_quote,
    writer_in_their_risk,
)

CRISIS, CHECK = CRISIS_INTENT, CHECK_INTENT
FALLBACK = "nlu_fallback"
FRIEND = "support_a_friend"
ABOUT_SOMEONE_ELSE = "classifier, about someone else"
QUOTED_LINES = "a song's or a film's words, quoted"
NOT_CLEARLY_THEIRS = "classifier, risk words set aside as another person's in a message not about them"
FOR_THE_GUIDE = (ABOUT_SOMEONE_ELSE, QUOTED_WORDS)
"""Reasons that send a message to the friend guide: another person's risk, told by someone worried about them."""
LEVELS = ("crisis", "check", "none")
THEIR_SIGNS_SHARE = 0.6
"""Another person's warning sign told by someone worried (the friend guide, never a question to the writer) needs only
this share of the risk score that would ask: the sign itself is the lexicon's, the score says it is meant."""


def decide(text: str, ranking: List[Dict[str, Any]], threshold: float, check_threshold: float,
           denied_threshold: Optional[float] = None) -> Dict[str, Any]:
    """The graded crisis decision for one message, from the lexicon and the classifier's ranking.

    ``denied_threshold``: the crisis score that asks although every risk phrase was denied (None: never)."""
    assessment = assess(text)
    scores = {r[INTENT_NAME_KEY]: float(r.get(PREDICTED_CONFIDENCE_KEY) or 0.0) for r in ranking}
    # score: the classifier's probability of any risk; crisis: of clear risk alone
    crisis = round(scores.get(CRISIS, 0.0), 4)
    score = round(crisis + scores.get(CHECK, 0.0), 4)

    def verdict(level: str, reason: str) -> Dict[str, Any]:
        return {"level": level, "reason": reason, "score": score, "crisis_score": crisis}

    quote = their_quote(text) if (assessment.matches or score >= check_threshold) else None
    if quote is not None and (assess(quote).standing or (not assessment.standing and tells_of_their_signs(text))):
        # "my friend texted me 'goodbye, i'm sorry for everything'": their words, and the writer only worried
        return verdict("none", QUOTED_WORDS)
    if assessment.risk and quoted_lines(text):  # "what's that song that goes 'i don't wanna be alive'": asked, gently
        return verdict("check", QUOTED_LINES)
    if assessment.risk:
        return verdict("crisis", f"pattern:{assessment.reason()}")
    hyperbole = score >= check_threshold and not assessment.warning and only_hyperbole(text)
    if crisis >= threshold and not assessment.explained_away:
        # everyday hyperbole never silences a crisis-level score: it asks instead; nor does the classifier make a crisis
        # of what the lexicon heard as a joke ("im gonna kill myself if i die one more time lmao")
        if hyperbole or (assessment.joked and not meant(text)):
            return verdict("check", "classifier, everyday hyperbole" if hyperbole else f"pattern:{assessment.reason()}")
        # a wish with a "not" before it that no pattern read: the classifier counts the words, so it asks
        return verdict("check", WISH_DENIED) if denies_a_wish(text) else verdict("crisis", "classifier")
    told = said_to_the_writer(text)
    if told is not None:  # "he said 'you should just kill yourself'", "my dad said 'if you tell anyone i'll kill you'"
        return verdict("check", f"{SAID_TO_THEM}:{told}")
    if assessment.warning:
        return verdict("check", f"pattern:{assessment.reason()}")
    if not assessment.standing and score >= check_threshold * THEIR_SIGNS_SHARE and (about_someone_else(text) or found_on_them(text)):
        # "my 15 year old daughter gave away her guitar": their warning sign, with less of the classifier's word
        return verdict("none", ABOUT_SOMEONE_ELSE)
    if score >= check_threshold and not assessment.explained_away and not hyperbole:
        # warning signs told of another person ("my friend texted me goodbye"): the friend guide, which asks about them
        return verdict("none", ABOUT_SOMEONE_ELSE) if about_someone_else(text) else verdict("check", "classifier")
    if _top(ranking) == SAFE_INTENT and not states_safety(text) and names_means(text):
        return verdict("check", "safe reading without safety stated")
    if hyperbole:
        return verdict("none", "explained away:everyday hyperbole")
    if assessment.explained_away and writer_in_their_risk(text):  # "..., we made a pact": theirs and the writer's
        return verdict("crisis", "someone else's risk, with the writer in it")
    if assessment.explained_away and (about_someone_else(text) or another_persons_risk(text)):
        # "my mate texted me ... look after my dog for me", "my sister said she's going to end it tonight": the guide
        return verdict("none", ABOUT_SOMEONE_ELSE)
    if (score >= check_threshold and assessment.explained_away and not hyperbole
            and all(m.cancelled_by == "someone else" for m in assessment.matches)):
        # "my note to my mum says goodbye and sorry for everything": set aside as another person's words, though the
        # message is not about them alone (it is the writer's note, or the writer says more of themselves); the
        # classifier reads risk, so it asks
        return verdict("check", NOT_CLEARLY_THEIRS)
    if (denied_threshold is not None and crisis >= denied_threshold and assessment.explained_away
            and all(m.cancelled_by == "negated" for m in assessment.matches)):
        # "not gonna kill myself but i wouldn't mind if a bus hit me": a denial covers its own words only; the
        # classifier, which has learnt that "not suicidal, just tired" is no risk, still reads risk in the rest
        return verdict("check", DESPITE_DENIAL)
    return verdict("none", f"explained away:{assessment.reason()}" if assessment.explained_away else "none")


def risky_sentence(sentences: Sequence[Tuple[str, List[Dict[str, Any]]]], threshold: float, check_threshold: float,
                   sentence_threshold: float) -> Optional[Dict[str, Any]]:
    """The decision for the first of a long message's sentences that, read alone, scores crisis
    ``sentence_threshold`` or more with nothing in it explained away (another person, a denial, hyperbole)."""
    for text, ranking in sentences:
        if not any(r[INTENT_NAME_KEY] == CRISIS and float(r.get(PREDICTED_CONFIDENCE_KEY) or 0.0) >= sentence_threshold for r in ranking):
            continue  # the lexicon's reading is the costly part: only for a sentence that could ask
        verdict = decide(text, ranking, threshold, check_threshold)
        if verdict["level"] != "none" or verdict["reason"] == "none":
            return verdict
    return None


def _top(ranking: List[Dict[str, Any]]) -> Any:
    return ranking[0][INTENT_NAME_KEY] if ranking else None


def _given_no_risk(ranking: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The other intents, best first, with the probability each has once risk is ruled out.

    When the decision is ``none``, the classifier's crisis and check probability is mass that
    belongs to no answer; dividing it out keeps a weather question with a little "kill" in its
    score from falling to "I didn't understand" just because the risk score took half the total.
    """
    def confidence(r: Dict[str, Any]) -> float:
        return float(r.get(PREDICTED_CONFIDENCE_KEY) or 0.0)

    others = [r for r in ranking if r[INTENT_NAME_KEY] not in (CRISIS, CHECK, FALLBACK)]
    remaining = 1.0 - sum(confidence(r) for r in ranking if r[INTENT_NAME_KEY] in (CRISIS, CHECK))
    if remaining <= 1e-6:
        return []
    return [{**r, PREDICTED_CONFIDENCE_KEY: min(1.0, confidence(r) / remaining)} for r in others]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CrisisDetector(GraphComponent):
    """Overrides the intent with ``crisis`` when risk is present, and only then."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # Crisis probabilities above which the classifier's word alone is taken (``crisis``) or
        # prompts the direct question (``check``); the lexicon carries explicit risk.
        # A long message (``long_message_words`` or more) asks at ``long_check_threshold``: long posts about hard
        # lives share many words with crisis posts, so the classifier's risk score says less about them.
        # One of its sentences read alone asks at a crisis score of ``sentence_check_threshold``. A short message
        # whose best reading, risk aside, is one of ``feeling_intents`` asks at ``feeling_check_threshold``. A short
        # message whose every risk phrase was denied asks at a crisis score of ``denied_check_threshold``.
        return {"classifier_threshold": 0.7, "check_threshold": 0.4, "long_check_threshold": 0.4, "long_message_words": 40,
                "sentence_check_threshold": 0.7, "feeling_check_threshold": 0.4, "feeling_intents": [],
                "denied_check_threshold": 0.8, "neighbour_margin": None, "neighbour_intents": [],
                "fallback_threshold": 0.3, "ambiguity_threshold": 0.03}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.threshold = float(config["classifier_threshold"])
        self.check_threshold = float(config["check_threshold"])
        self.long_check_threshold = float(config["long_check_threshold"])
        self.long_message_words = int(config["long_message_words"])
        self.sentence_check_threshold = float(config["sentence_check_threshold"])
        self.feeling_check_threshold = float(config["feeling_check_threshold"])
        self.feeling_intents = frozenset(config["feeling_intents"])
        self.denied_check_threshold = float(config["denied_check_threshold"])
        # None: risk neighbours are not read (a config without RiskNeighbours before this component)
        self.neighbour_margin = float("inf") if config["neighbour_margin"] is None else float(config["neighbour_margin"])
        self.neighbour_intents = frozenset(config["neighbour_intents"])
        if self.feeling_check_threshold > self.check_threshold:
            raise ValueError("feeling_check_threshold must not be above check_threshold: it asks sooner, never later")
        self.fallback_threshold = float(config["fallback_threshold"])
        self.ambiguity_threshold = float(config["ambiguity_threshold"])

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "CrisisDetector":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._process_one(message)
        return messages

    def _process_one(self, message: Message) -> None:
        text = message.get(TEXT) or ""
        ranking = list(message.get(INTENT_RANKING_KEY) or [])
        short = len(text.split()) < self.long_message_words
        decision = decide(text, ranking, self.threshold, self._check_threshold(text, ranking),
                          self.denied_check_threshold if short else None)
        if decision["level"] == "none" and decision["reason"] not in FOR_THE_GUIDE:
            # each sentence is weighed on its own: "i'm not suicidal or anything" earlier in a post excuses only itself
            decision = self._by_sentence(message) or decision
        if decision["level"] == "none" and decision["reason"] == "none":
            decision = self._by_neighbours(message, ranking, decision) or decision
        message.set(CRISIS, decision, add_to_output=True)
        current = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        if decision["level"] != "none":
            name = CRISIS if decision["level"] == "crisis" else CHECK
            top = {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: 1.0}
            rest = [r for r in ranking if r[INTENT_NAME_KEY] != name]
            message.set(INTENT, top, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [top] + rest, add_to_output=True)
            return
        if decision["reason"] in FOR_THE_GUIDE:
            message.set(INTENT, {INTENT_NAME_KEY: FRIEND, PREDICTED_CONFIDENCE_KEY: 1.0}, add_to_output=True)
            return
        safe_stated = states_safety(text)
        if current in (CRISIS, CHECK, FALLBACK) or (current == SAFE_INTENT and not safe_stated):
            # This component alone decides crisis: a classifier "crisis" below the threshold, or a
            # fallback the risk score caused, gives way to the next-best intent given no risk —
            # unless that one is weak or close to another, when the fallback asks what they meant.
            # "Safe" read into words that say nothing of safety is never that next-best intent.
            allowed = ranking if safe_stated else [r for r in ranking if r[INTENT_NAME_KEY] != SAFE_INTENT]
            message.set(INTENT, self._next_best(allowed), add_to_output=True)

    def _check_threshold(self, text: str, ranking: List[Dict[str, Any]]) -> float:
        """The risk score that asks: higher for a long message, lower for a short one about a feeling or a need."""
        if len(text.split()) >= self.long_message_words:
            return self.long_check_threshold
        others = _given_no_risk(ranking)
        return self.feeling_check_threshold if others and others[0][INTENT_NAME_KEY] in self.feeling_intents else self.check_threshold

    def _by_sentence(self, message: Message) -> Optional[Dict[str, Any]]:
        """A ``check`` when one of a long message's sentences alone reads as risk (``sentence_parts.py``)."""
        sentences = [(part.get(TEXT) or "", list(part.get(INTENT_RANKING_KEY) or [])) for part in parts_of(message)]
        found = risky_sentence(sentences, self.threshold, self.check_threshold, self.sentence_check_threshold)
        if found is None:
            return None
        return {"level": "check", "reason": "classifier, one sentence", "score": found["score"], "crisis_score": found["crisis_score"]}

    def _by_neighbours(self, message: Message, ranking: List[Dict[str, Any]], decision: Dict[str, Any]) -> Optional[Dict[str, Any]]:
        """A ``check`` when, with nothing explained away, the message sits nearer the crisis messages than the others
        (``risk_neighbours.py``) and its best reading, risk aside, is a feeling, a need, or nothing clear."""
        near = message.get(RISK_NEIGHBOURS)
        if near is None or near <= self.neighbour_margin:
            return None
        others = _given_no_risk(ranking)  # the cheap test first; the readings of another person's risk cost more
        weak = not others or others[0][PREDICTED_CONFIDENCE_KEY] < self.fallback_threshold
        if not weak and others[0][INTENT_NAME_KEY] not in self.neighbour_intents:
            return None
        parts = parts_of(message)
        texts = [message.get(TEXT) or ""] + [part.get(TEXT) or "" for part in parts]
        theirs = any(_top(list(part.get(INTENT_RANKING_KEY) or [])) == FRIEND for part in parts)
        if theirs or any(about_someone_else(t) or another_persons_risk(t) or tells_of_their_signs(t) for t in texts):
            return None  # "... my best friend told me she has been thinking about ending things": near, but theirs
        return {**decision, "level": "check", "reason": "classifier, near crisis messages", "neighbours": near}

    def _next_best(self, ranking: List[Dict[str, Any]]) -> Dict[str, Any]:
        others = _given_no_risk(ranking)
        best = others[0][PREDICTED_CONFIDENCE_KEY] if others else 0.0
        runner_up = others[1][PREDICTED_CONFIDENCE_KEY] if len(others) > 1 else 0.0
        if best >= self.fallback_threshold and best - runner_up >= self.ambiguity_threshold:
            return {INTENT_NAME_KEY: others[0][INTENT_NAME_KEY], PREDICTED_CONFIDENCE_KEY: best}
        return {INTENT_NAME_KEY: FALLBACK, PREDICTED_CONFIDENCE_KEY: 1.0}
