"""Work Rasa 3.6 repeats although the answer never changes while the process runs.

Found by profiling a turn and a cold start (`compassion bench`); each patch keeps Rasa's
behaviour and only stops the repetition.
"""
from __future__ import annotations

from typing import Dict, Optional, Type


def validate_action_results_quickly() -> None:
    """Validate action-server responses with a schema validator built once.

    Rasa's ``RemoteAction`` calls ``jsonschema.validate`` on every custom action, which checks
    the schema itself each time: about 100 ms of every turn on this machine. Same schema, same
    errors, checked once.
    """
    from jsonschema import ValidationError
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    spec = RemoteAction.action_response_format_spec()
    validator = validator_for(spec)(spec)

    def validate(self: RemoteAction, result: dict) -> bool:
        try:
            validator.validate(result)
            return True
        except ValidationError as error:
            error.message += ". Failed to validate the action server's response."
            raise

    RemoteAction._validate_action_result = validate


def resolve_event_types_quickly() -> None:
    """Look event classes up by name in a table instead of walking the class tree each time.

    Reading a conversation back from the tracker store turns every stored event into an object,
    and Rasa finds each event's class by recursively listing every subclass of ``Event``: about
    a seventh of a turn. The table is rebuilt when a name is missing, in case an event class was
    imported later, and unknown names behave exactly as before.
    """
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    original = Event.resolve_by_type
    table: Dict[str, Type[Event]] = {}

    def build() -> None:
        table.clear()
        for cls in reversed(all_subclasses(Event)):  # reversed: the first match wins, as in Rasa's loop
            table[cls.type_name] = cls

    def resolve(type_name: str, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
        if type_name not in table:
            build()
        found = table.get(type_name)
        return found if found is not None else original(type_name, default)

    Event.resolve_by_type = staticmethod(resolve)


def load_spacy_once() -> None:
    """Share one loaded spaCy pipeline between the graph nodes that ask for the same model.

    Rasa's predict graph builds ``SpacyNLP`` twice (for NLU and for the dialogue side), and each
    loads the pipeline from disk: about a second of every cold start. The pipeline is only read
    from after loading, so one copy serves both.
    """
    from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP

    original = SpacyNLP.load_model
    loaded: Dict[str, SpacyModel] = {}

    def load_model(spacy_model_name: str) -> SpacyModel:
        if spacy_model_name not in loaded:
            loaded[spacy_model_name] = original(spacy_model_name)
        return loaded[spacy_model_name]

    SpacyNLP.load_model = staticmethod(load_model)


def apply() -> None:
    validate_action_results_quickly()
    resolve_event_types_quickly()
    load_spacy_once()
