"""The crisis detector: the last word in the NLU pipeline on whether a message is a crisis.

It runs after the intent classifier (and the fallback) on every message from every
channel and alone decides whether a message is a crisis, so the shell, voice,
`rasa shell`, `rasa test nlu` and `/model/parse` all see its decision. Risk language from :mod:`assistant.safety.lexicon` sets intent ``crisis`` with
confidence 1.0; so does the classifier's own ``crisis`` score unless every risk phrase in the
message was explained away (someone else, negated, past and resolved, an idiom), in which
case a classifier "crisis" is replaced by its next-best intent. The reason is recorded in
the parse data under ``crisis``.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from assistant.safety.lexicon import assess

CRISIS = "crisis"
FALLBACK = "nlu_fallback"


def decide(text: str, ranking: List[Dict[str, Any]], threshold: float) -> Dict[str, Any]:
    """The crisis decision for one message, from the lexicon and the classifier's ranking."""
    assessment = assess(text)
    scores = {r[INTENT_NAME_KEY]: float(r.get(PREDICTED_CONFIDENCE_KEY) or 0.0) for r in ranking}
    classifier = scores.get(CRISIS, 0.0)
    if assessment.risk:
        return {"is_crisis": True, "reason": f"pattern:{assessment.reason()}", "classifier": classifier}
    if classifier >= threshold and not assessment.explained_away:
        return {"is_crisis": True, "reason": "classifier", "classifier": classifier}
    reason = f"explained away:{assessment.reason()}" if assessment.explained_away else "none"
    return {"is_crisis": False, "reason": reason, "classifier": classifier}


def _best_other(ranking: List[Dict[str, Any]]) -> Optional[Dict[str, Any]]:
    return next((r for r in ranking if r[INTENT_NAME_KEY] not in (CRISIS, FALLBACK)), None)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class CrisisDetector(GraphComponent):
    """Overrides the intent with ``crisis`` when risk is present, and only then."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # The classifier's crisis probability above which its word alone is taken; the
        # lexicon carries explicit risk, so this only needs to catch indirect messages.
        return {"classifier_threshold": 0.7}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.threshold = float(config["classifier_threshold"])

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
        decision = decide(text, ranking, self.threshold)
        message.set(CRISIS, decision, add_to_output=True)
        current = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        if decision["is_crisis"]:
            top = {INTENT_NAME_KEY: CRISIS, PREDICTED_CONFIDENCE_KEY: 1.0}
            rest = [r for r in ranking if r[INTENT_NAME_KEY] != CRISIS]
            message.set(INTENT, top, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [top] + rest, add_to_output=True)
        elif current == CRISIS or (current == FALLBACK and decision["reason"].startswith("explained away")):
            # This component alone decides crisis: a classifier "crisis" below the threshold,
            # or a fallback caused by risk words that were explained away, gives way to the
            # next-best intent.
            other = _best_other(ranking)
            if other is not None:
                message.set(INTENT, dict(other), add_to_output=True)
