"""A second reading of risk by meaning: is a message nearer, in the sentence encoder's space, to the training messages
that are a crisis than to all the others?

The intent classifier draws one straight boundary per intent through the encoder's space; a tweet that says risk in
words of its own ("tired of being the only one who still thinks im worth keeping") can fall on the wrong side of the
crisis boundary while still sitting among crisis messages. This component keeps the unit-length encoder vectors of
the training messages (crisis and the direct question's intent, and the rest), and for a message the classifier gives
some risk (``min_score`` or more) writes ``risk_neighbours`` into it: the mean similarity of its ``k`` nearest crisis
messages minus that of its ``k`` nearest others. The crisis detector (``crisis.py``) asks the direct question when that
margin is above its ``neighbour_margin`` and nothing was explained away; it never makes a full crisis answer of it.

Stored with ``numpy.save`` (no pickle): two float16 matrices, about 17 MB for 11,000 messages.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant.safety import CHECK_INTENT, CRISIS_INTENT

log = logging.getLogger(__name__)

RISK_NEIGHBOURS = "risk_neighbours"
RISK_INTENTS = (CRISIS_INTENT, CHECK_INTENT)
FILES = {"risk": "risk.npy", "other": "other.npy"}


def dense_sentence_vector(message: Message) -> Optional[np.ndarray]:
    """The message's dense sentence features (the encoder's vector), at unit length; None without them."""
    blocks = [f.features for f in message.features if f.attribute == TEXT and f.type == FEATURE_TYPE_SENTENCE and f.is_dense()]
    if not blocks:
        return None
    vector = np.concatenate([np.asarray(b, dtype=np.float32).reshape(-1) for b in blocks])
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else None


def margin(vector: np.ndarray, risk: np.ndarray, other: np.ndarray, k: int) -> float:
    """Mean similarity of the ``k`` nearest risk messages minus that of the ``k`` nearest others."""
    def nearest(matrix: np.ndarray) -> float:
        similarities = matrix @ vector
        count = min(k, similarities.shape[0])
        return float(np.partition(similarities, -count)[-count:].mean()) if count else 0.0

    return nearest(risk) - nearest(other)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class RiskNeighbours(GraphComponent):
    """Writes ``risk_neighbours`` (a margin of similarities) into messages the classifier gives some risk."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"k": 5, "min_score": 0.1}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 risk: Optional[np.ndarray] = None, other: Optional[np.ndarray] = None) -> None:
        self.k = int(config["k"])
        self.min_score = float(config["min_score"])
        if self.k < 1:
            raise ValueError("RiskNeighbours: k must be 1 or more")
        self._storage, self._resource = model_storage, resource
        self.risk, self.other = risk, other

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "RiskNeighbours":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Keep the training messages' vectors, risk and other apart, as float16 (half the size; the same neighbours)."""
        rows: Dict[bool, List[np.ndarray]] = {True: [], False: []}
        for example in training_data.intent_examples:
            vector = dense_sentence_vector(example) if example.get(INTENT) and example.get(TEXT) else None
            if vector is not None:
                rows[example.get(INTENT) in RISK_INTENTS].append(vector)
        if not rows[True] or not rows[False]:
            log.debug("no dense features or no risk examples: risk neighbours are not trained")
            return self._resource
        with self._storage.write_to(self._resource) as directory:
            for key, risky in (("risk", True), ("other", False)):
                np.save(directory / FILES[key], np.stack(rows[risky]).astype(np.float16), allow_pickle=False)
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "RiskNeighbours":
        try:
            with model_storage.read_from(resource) as directory:
                risk, other = (np.load(directory / FILES[key], allow_pickle=False).astype(np.float32) for key in ("risk", "other"))
        except (ValueError, FileNotFoundError):
            log.warning("no risk neighbours in the model; retrain with `compassion train`")
            return cls(config, model_storage, resource)
        return cls(config, model_storage, resource, risk, other)

    def process(self, messages: List[Message]) -> List[Message]:
        if self.risk is None or self.other is None:
            return messages
        for message in messages:
            ranking = message.get(INTENT_RANKING_KEY) or []
            score = sum(float(r.get(PREDICTED_CONFIDENCE_KEY) or 0.0) for r in ranking if r.get(INTENT_NAME_KEY) in RISK_INTENTS)
            vector = dense_sentence_vector(message) if score >= self.min_score else None  # most messages: no cost at all
            if vector is not None and vector.shape[0] == self.risk.shape[1]:
                message.set(RISK_NEIGHBOURS, round(margin(vector, self.risk, self.other, self.k), 4))
        return messages
