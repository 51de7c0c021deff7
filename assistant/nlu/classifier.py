"""Rasa's logistic-regression intent classifier, length-normalised and quick to load.

Rasa feeds raw token counts to the model, so a long post gets near-certain scores; with
``normalise`` each message's features are scaled to unit length first. Rasa saves this
classifier with skops, and loading skops imported half of the Hugging Face stack (about ten
seconds of every cold start here); the model is our own build output, so joblib stores it.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text, Tuple

import joblib
import numpy as np
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import coo_matrix, csr_matrix

from assistant.nlu import logistic_fit
from assistant.nlu.sentence_parts import with_parts

log = logging.getLogger(__name__)


def sentence_features(messages: List[Message], dense: bool) -> csr_matrix:
    """Each message's sparse sentence features side by side (``dense``: its dense ones instead),
    put together in one step.

    Rasa's version also combines the sequence features it then throws away, through several
    rounds of scipy's general block stacking: 2.6 ms of every message here, against 0.2 ms.
    """
    data, indices, indptr, width = [], [], [0], None
    for message in messages:
        blocks = [f.features for f in message.features
                  if f.attribute == TEXT and f.type == FEATURE_TYPE_SENTENCE and f.is_dense() == dense]
        offset = stored = 0
        for block in blocks:
            row = coo_matrix(block)
            data.append(row.data)
            indices.append(row.col + offset)
            offset += row.shape[1]
            stored += row.nnz
        indptr.append(indptr[-1] + stored)
        if width is not None and offset != width:
            raise ValueError(f"messages have {width} and {offset} sentence features; they must come from one pipeline")
        width = offset
    matrix = csr_matrix(
        (np.concatenate(data).astype(np.float64) if data else np.zeros(0),
         np.concatenate(indices) if indices else np.zeros(0, dtype=np.int32), indptr),
        shape=(len(messages), width or 0),
    )
    matrix.sum_duplicates()  # canonical order, as scipy's stacking leaves it
    return matrix


def feature_blocks(messages: List[Message], normalise: bool, dense_weight: float) -> Tuple[csr_matrix, csr_matrix]:
    """Sparse sentence features (scaled to unit length with ``normalise``) and the dense ones times ``dense_weight``."""
    sparse = sentence_features(messages, dense=False)
    if normalise:
        rows = np.repeat(np.arange(sparse.shape[0]), np.diff(sparse.indptr))
        norms = np.sqrt(np.bincount(rows, weights=np.square(sparse.data), minlength=sparse.shape[0]))
        # an empty row stays empty, as in scikit-learn's ``normalize``
        sparse = csr_matrix((sparse.data / np.where(norms > 0, norms, 1.0)[rows], sparse.indices, sparse.indptr),
                            shape=sparse.shape)
    dense = sentence_features(messages, dense=True)
    return sparse, csr_matrix((dense.data * dense_weight, dense.indices, dense.indptr), shape=dense.shape)


def feature_matrix(messages: List[Message], normalise: bool, dense_weight: float) -> csr_matrix:
    """:func:`feature_blocks` side by side, one row per message, built in one step.

    The same matrix as scikit-learn's ``normalize`` and scipy's ``hstack``, which took 0.6 ms of a 0.7 ms
    classification, most of it checking their arguments.
    """
    sparse, dense = feature_blocks(messages, normalise, dense_weight)
    height = sparse.shape[0]
    sparse_rows = np.repeat(np.arange(height), np.diff(sparse.indptr))
    dense_rows = np.repeat(np.arange(height), np.diff(dense.indptr))
    rows = np.concatenate([sparse_rows, dense_rows])
    order = np.argsort(rows, kind="stable")  # each row: its sparse columns, then its dense ones
    values = np.concatenate([sparse.data, dense.data])[order]
    columns = np.concatenate([sparse.indices, dense.indices + sparse.shape[1]])[order]
    indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=height))])
    return csr_matrix((values, columns, indptr), shape=(height, sparse.shape[1] + dense.shape[1]))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class FastLoadingLogisticRegression(LogisticRegressionClassifier):
    """``LogisticRegressionClassifier`` with optional length normalisation, configurable ``C``, stored with joblib."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**LogisticRegressionClassifier.get_default_config(), "C": 1.0, "normalise": False, "dense_weight": 1.0}

    def __init__(self, config: Dict[Text, Any], name: Text, model_storage: ModelStorage, resource: Resource) -> None:
        super().__init__(config, name, model_storage, resource)
        self.clf.set_params(C=float(self.config["C"]))

    def _create_X(self, messages: List[Message]) -> csr_matrix:
        """Sparse sentence features, then dense ones (the sentence encoder's) times ``dense_weight``.

        With ``normalise`` the sparse block is scaled to unit length first, so that a long
        message is not more certain of its intent just because it has more words; the dense
        block is unit length already, and its weight sets how much meaning counts against words.
        """
        return feature_matrix(messages, bool(self.config["normalise"]), float(self.config["dense_weight"]))

    def train(self, training_data: TrainingData) -> Resource:
        """Fit on the examples with an intent, the dense block multiplied as a dense matrix (``logistic_fit.py``)."""
        examples = [e for e in training_data.intent_examples if e.get(INTENT) and e.get(TEXT)]
        if not examples:
            log.debug("no intent examples: the intent classifier is not trained")
            return self._resource
        sparse, dense = feature_blocks(examples, bool(self.config["normalise"]), float(self.config["dense_weight"]))
        logistic_fit.fit(self.clf, sparse, dense.toarray(), [e.get(INTENT) for e in examples])
        self.persist()
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        """Intents for the messages and, in the same batch, for a long message's sentences (``sentence_parts.py``)."""
        super().process(with_parts(messages))
        return messages

    def persist(self) -> None:
        with self._model_storage.write_to(self._resource) as model_dir:
            joblib.dump(self.clf, model_dir / "classifier.joblib")

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "FastLoadingLogisticRegression":
        component = cls(config, execution_context.node_name, model_storage, resource)
        try:
            with model_storage.read_from(resource) as model_dir:
                component.clf = joblib.load(model_dir / "classifier.joblib")
            # Column-major weights, so that scikit-learn's ``X @ coef_.T`` reads them in place instead of
            # copying the whole (classes x features) matrix on every message: about 3 ms of each turn.
            component.clf.coef_ = np.asfortranarray(component.clf.coef_)
        except (ValueError, FileNotFoundError):
            log.warning("no trained intent classifier in the model; retrain with `compassion train`")
        return component
