"""Entities from the project's spaCy entity ruler, with canonical values.

Rasa's own ``SpacyEntityExtractor`` reports the matched text ("the UK"); actions
want the canonical value the lexicon gives it ("GB"), which the ruler keeps as
the span's ``ent_id_``. Reusing the doc SpacyNLP already made keeps this free.
"""
from __future__ import annotations

from typing import Any, Dict, List, Text, Type

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import SPACY_DOCS
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False, model_from="SpacyNLP"
)
class RulerEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Turns entity-ruler spans into Rasa entities whose value is the lexicon's canonical value."""

    @classmethod
    def required_components(cls) -> List[Type]:
        return [SpacyNLP]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"dimensions": None}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._dimensions = config.get("dimensions")

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "RulerEntityExtractor":
        return cls(config)

    def process(self, messages: List[Message], model: SpacyModel) -> List[Message]:
        for message in messages:
            doc = message.get(SPACY_DOCS[TEXT]) or model.model(message.get(TEXT) or "")
            found = [
                {
                    "entity": ent.label_,
                    "value": ent.ent_id_ or ent.text,
                    "start": ent.start_char,
                    "end": ent.end_char,
                    "confidence": 1.0,
                }
                for ent in doc.ents
            ]
            found = self.filter_irrelevant_entities(self.add_extractor_name(found), self._dimensions)
            message.set(ENTITIES, message.get(ENTITIES, []) + found, add_to_output=True)
        return messages
