"""Rasa's logistic-regression intent classifier, length-normalised and quick to load.

Rasa feeds raw token counts to the model, so a long post gets near-certain scores; with
``normalise`` each message's features are scaled to unit length first. Rasa saves this
classifier with skops, and loading skops imported half of the Hugging Face stack (about ten
seconds of every cold start here); the model is our own build output, so joblib stores it.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

import joblib
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.training_data.message import Message
from scipy.sparse import csr_matrix
from sklearn.preprocessing import normalize

log = logging.getLogger(__name__)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class FastLoadingLogisticRegression(LogisticRegressionClassifier):
    """``LogisticRegressionClassifier`` with optional length normalisation, configurable ``C``, stored with joblib."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {**LogisticRegressionClassifier.get_default_config(), "C": 1.0, "normalise": False}

    def __init__(self, config: Dict[Text, Any], name: Text, model_storage: ModelStorage, resource: Resource) -> None:
        super().__init__(config, name, model_storage, resource)
        self.clf.set_params(C=float(self.config["C"]))

    def _create_X(self, messages: List[Message]) -> csr_matrix:
        """Sparse sentence features; with ``normalise``, scaled to unit length so that a long
        message is not more certain of its intent just because it has more words."""
        features = super()._create_X(messages)
        return normalize(features, norm="l2") if self.config["normalise"] else features

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
        except (ValueError, FileNotFoundError):
            log.warning("no trained intent classifier in the model; retrain with `compassion train`")
        return component
