"""Run a trained model without importing TensorFlow.

Importing ``rasa.core.agent`` takes about 6 s on a 2-core machine, and TensorFlow is most of it
(about 4 s): Rasa's component registry and its training helpers import the TensorFlow models
(DIET, ResponseSelector, TED) at module level even when the model uses none of them, as ours
does not (config.yml). At run time those modules are replaced by placeholders whose classes
refuse to be built, and ``import tensorflow`` fails the way it does where TensorFlow is not
installed, which spaCy and thinc already handle.

Every command but ``compassion train`` uses this; training keeps the whole of Rasa. (Rasa's own
training endpoint under ``compassion serve`` works without TensorFlow too, for a config without
TensorFlow components: the dense featurizers that import it at module level are placeholders as
well.) A config that does name a TensorFlow component is loaded without the shortcut
(``needs_tensorflow``). ``COMPASSION_PLAIN_RASA=1`` turns this and the speed-ups in
assistant/rasa_compat/speedups.py off, to rule them out when debugging; tests/test_rasa_compat.py checks
that both ways give the same answers.
"""
from __future__ import annotations

import importlib.abc
import logging
import os
import sys
import types
from pathlib import Path
from typing import Iterable, Optional

import yaml

log = logging.getLogger(__name__)

#: Rasa modules that import TensorFlow at module level only to define TensorFlow components or
#: training helpers. Everything else in Rasa imports cleanly once these are placeholders.
TENSORFLOW_MODULES = (
    "rasa.utils.tensorflow.callback",
    "rasa.utils.tensorflow.data_generator",
    "rasa.nlu.classifiers.diet_classifier",
    "rasa.nlu.selectors.response_selector",
    "rasa.core.policies.ted_policy",
    "rasa.core.policies.unexpected_intent_policy",
    "rasa.nlu.featurizers.dense_featurizer.convert_featurizer",
    "rasa.nlu.featurizers.dense_featurizer.lm_featurizer",
)

#: Components (by the name config.yml gives them) that need TensorFlow at run time.
TENSORFLOW_COMPONENTS = frozenset({
    "DIETClassifier", "ResponseSelector", "TEDPolicy", "UnexpecTEDIntentPolicy",
    "ConveRTFeaturizer", "LanguageModelFeaturizer",
})

PLAIN_SWITCH = "COMPASSION_PLAIN_RASA"


class TensorFlowNotLoaded(RuntimeError):
    """A TensorFlow component was asked for while the runtime runs without TensorFlow."""


def _placeholder_class(module: str, name: str) -> type:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise TensorFlowNotLoaded(
            f"{module}.{name} needs TensorFlow, which this runtime does not load; "
            f"set {PLAIN_SWITCH}=1 to run with the whole of Rasa"
        )

    return type(name, (), {"__init__": refuse, "create": classmethod(refuse), "load": classmethod(refuse),
                           "__module__": module})


def _placeholder_module(name: str) -> types.ModuleType:
    module = types.ModuleType(name, f"Placeholder for {name}, which imports TensorFlow (see assistant/rasa_compat/lean_import.py).")
    classes: dict = {}

    def attribute(attr: str) -> type:
        if attr.startswith("__"):
            raise AttributeError(attr)
        if attr not in classes:
            classes[attr] = _placeholder_class(name, attr)
        return classes[attr]

    vars(module)["__getattr__"] = attribute  # a module-level __getattr__ (PEP 562)
    return module


class _NoTensorFlow(importlib.abc.MetaPathFinder):
    """Make ``import tensorflow`` fail as it does where TensorFlow is not installed."""

    def find_spec(self, fullname: str, path: Optional[Iterable[str]] = None, target: object = None) -> None:
        if fullname == "tensorflow" or fullname.startswith(("tensorflow.", "tensorflow_")):
            raise ModuleNotFoundError(f"No module named {fullname!r} (not loaded at run time)", name=fullname)
        return None


def plain() -> bool:
    """Whether to run Rasa as it ships, without this module or the speed-ups."""
    return os.environ.get(PLAIN_SWITCH) == "1"


def needs_tensorflow(config_file: Path) -> bool:
    """Whether a model trained from ``config_file`` has a component that needs TensorFlow."""
    try:
        config = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return True  # cannot tell: take the safe, slower road
    names = [str(item.get("name", "")) for key in ("pipeline", "policies") for item in config.get(key) or []
             if isinstance(item, dict)]
    return any(name.rsplit(".", 1)[-1] in TENSORFLOW_COMPONENTS for name in names)


def install(config_file: Path) -> bool:
    """Load Rasa without TensorFlow from now on in this process, when it is safe to.

    Returns whether it did. It does nothing once Rasa or TensorFlow is already imported (a test
    process that trained first, for example), since the real modules are then in use.
    """
    if plain():
        return False
    if any(name == "rasa" or name.startswith(("rasa.", "tensorflow")) for name in sys.modules):
        return False
    if needs_tensorflow(config_file):
        log.info("the model's config names a TensorFlow component; loading the whole of Rasa")
        return False
    sys.meta_path.insert(0, _NoTensorFlow())
    for name in TENSORFLOW_MODULES:
        sys.modules[name] = _placeholder_module(name)
    return True
