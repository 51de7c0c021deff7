"""Rasa dense featurizer: each message's meaning, from the pretrained sentence encoder.

It sits beside the word and character counts, so the intent classifier and the crisis
decision see what a message means as well as which words it uses. Only a sentence feature
is added (the classifier reads no sequence features). The encoder loads once per process
and fails loudly if its files are missing or not the pinned ones (see ``encoder.py``).
"""
from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import FEATURIZER_CLASS_ALIAS, TOKENS_NAMES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from assistant.nlu.encoder import MANIFEST, Manifest, SentenceEncoder, identity
from assistant.nlu.sentence_parts import with_parts

log = logging.getLogger(__name__)


@lru_cache(maxsize=2)
def shared_encoder(manifest: Path = MANIFEST) -> SentenceEncoder:
    """One copy of the weights per process, however many agents load (tests load several)."""
    return SentenceEncoder.load(manifest)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEncoderFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds the encoder's unit-length sentence vector to every message's text features."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**DenseFeaturizer.get_default_config(), "with_max": False}

    def __init__(self, config: Dict[Text, Any], name: Text) -> None:
        super().__init__(name, config)
        self.encoder = shared_encoder()

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SentenceEncoderFeaturizer":
        return cls(config, execution_context.node_name)

    @staticmethod
    def _words(message: Message) -> Optional[str]:
        """The message as its tokenizer's words: punctuation-only tokens are already gone
        (assistant/nlu/tokenizer.py), so "that would be nice..." means what "that would be nice" does."""
        tokens = message.get(TOKENS_NAMES[TEXT])
        text = " ".join(t.text for t in tokens) if tokens else message.get(TEXT)
        return text if isinstance(text, str) else None

    def process(self, messages: List[Message]) -> List[Message]:
        """Each message's vector, and each of a long message's sentences' (``sentence_parts.py``)."""
        words = [(m, self._words(m)) for m in with_parts(messages)]
        texts = [(m, t) for m, t in words if t is not None]
        if not texts:
            return messages
        vectors = self.encoder.encode([t for _, t in texts], bool(self._config["with_max"]))
        for (message, _), vector in zip(texts, vectors):
            alias = self._config[FEATURIZER_CLASS_ALIAS]
            message.add_features(Features(vector.reshape(1, -1), FEATURE_TYPE_SENTENCE, TEXT, alias))
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    @classmethod
    def fingerprint_addon(cls, config: Dict[Text, Any]) -> Optional[str]:
        """Rasa's training cache keys on this: vectors from other weights or another graph retrain the classifier."""
        return " ".join(identity(Manifest.load()))

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        """Only ``with_max`` (the maximum beside the mean); the model is named in ``data/models/encoder.yml``."""
        if not isinstance(config.get("with_max", False), bool):
            raise ValueError("SentenceEncoderFeaturizer: with_max must be true or false")
