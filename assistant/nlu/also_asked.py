"""What else a long message asks for, besides the feeling it is answered for.

"My mum has dementia and I'm worn out ... How do I find a carers' group near me?" is answered for its
main feeling, and the question at its end would be lost. The sentences of a long message are already
read one by one (:mod:`assistant.nlu.sentence_parts`); this component, last in the pipeline, lists the
intents of those that end with a question mark and ask for something the assistant can do (``intents``),
when they differ from the message's own intent, as ``also_asked`` in the parse data. The actions answer
the main feeling and then say how to get the rest. Never for a crisis: the crisis answer comes first and alone.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.sentence_parts import QUESTION, parts_of
from assistant.safety import CHECK_INTENT, CRISIS_INTENT

ALSO_ASKED = "also_asked"
NOT_ASKS = frozenset({CRISIS_INTENT, CHECK_INTENT, "nlu_fallback"})


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class AlsoAsked(GraphComponent):
    """Writes ``also_asked``: the requests among a long message's questions, by intent, in the order asked."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # ``intents``: requests with an answer of their own; ``min_confidence``: how sure the classifier must be
        # that the question, read alone, is that request (the risk intents aside).
        return {"intents": [], "min_confidence": 0.5}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.intents = frozenset(config["intents"])
        self.min_confidence = float(config["min_confidence"])

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "AlsoAsked":
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            asked = self.asked(message)
            if asked:
                message.set(ALSO_ASKED, asked, add_to_output=True)
        return messages

    def asked(self, message: Message) -> List[str]:
        """The requests its questions make, each once, leaving out the message's own intent."""
        main = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        if main in NOT_ASKS:
            return []
        found: List[str] = []
        for part in parts_of(message):
            if not part.get(QUESTION):
                continue
            ranking = [r for r in part.get(INTENT_RANKING_KEY) or [] if r[INTENT_NAME_KEY] not in NOT_ASKS]
            if not ranking:
                continue
            name, confidence = ranking[0][INTENT_NAME_KEY], float(ranking[0].get(PREDICTED_CONFIDENCE_KEY) or 0.0)
            if name in self.intents and confidence >= self.min_confidence and name != main and name not in found:
                found.append(name)
        return found
