"""Rasa's word and character counts for the whole message only.

``CountVectorsFeaturizer`` builds two matrices per message: one row per token (sequence features) and one for
the message (sentence features). Our classifier reads sentence features alone (``classifier.py``), so the
per-token rows were half of the featurizers' time on every turn and in training, for nothing. This
subclass keeps the vocabulary, the training and the sentence features exactly as Rasa makes them.
A long message's sentences (:mod:`assistant.nlu.sentence_parts`) get their own sentence features too.
"""
from __future__ import annotations

from typing import List, Optional, Text, Tuple

import scipy.sparse
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import DENSE_FEATURIZABLE_ATTRIBUTES
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.sentence_parts import with_parts

Matrices = List[Optional[scipy.sparse.spmatrix]]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class SentenceCountsFeaturizer(CountVectorsFeaturizer):
    """Counts of the message's words (or character n-grams) as one sentence feature; no per-token rows."""

    def _create_features(self, attribute: Text, all_tokens: List[List[Text]]) -> Tuple[Matrices, Matrices]:
        vectorizer = self.vectorizers.get(attribute) if self.vectorizers else None
        sentences: Matrices = []
        for tokens in all_tokens:
            if vectorizer is None or not tokens or attribute not in DENSE_FEATURIZABLE_ATTRIBUTES:
                sentences.append(None)
                continue
            vector = vectorizer.transform([" ".join(tokens)])  # as CountVectorsFeaturizer makes its sentence row
            vector.sort_indices()
            sentences.append(vector.tocoo())
        return [None] * len(sentences), sentences

    def process(self, messages: List[Message]) -> List[Message]:
        """Counts for each message and for each of a long message's sentences (``sentence_parts.py``)."""
        super().process(with_parts(messages))
        return messages
