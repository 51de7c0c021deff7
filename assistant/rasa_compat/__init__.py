"""Everything the project changes inside Rasa, in one place, applied once and only to the pinned version.

- :mod:`.lean_import`: placeholders for the TensorFlow modules a model of ours never runs (cold start);
- :mod:`.speedups`: per-turn work Rasa repeats although the answer cannot change (behaviour kept), with
  the action-server calls' in :mod:`.action_calls` and
  the tracker store's in :mod:`.store_speedups`;
- :mod:`.store_fixes`: the tracker-store and action-call behaviours that let one request stop the
  server or hold a crisis answer (applied always).

:data:`PATCHED` names every Rasa attribute these modules replace or rely on; ``tests/test_rasa_compat.py``
checks that each still exists in the installed Rasa, so an upgrade fails loudly instead of silently.
"""
from __future__ import annotations

import importlib
import logging
import re
import threading
from typing import List, Set, Tuple

log = logging.getLogger(__name__)

PINNED_RASA = "3.6.21"
"""The Rasa release every patch was written and checked against (also pinned in requirements.lock)."""

PATCHED: Tuple[Tuple[str, str], ...] = (
    ("rasa.core.actions.action", "RemoteAction._validate_action_result"),
    ("rasa.core.actions.action", "RemoteAction.action_response_format_spec"),
    ("rasa.core.actions.action", "RemoteAction.run"),
    ("rasa.core.actions.action", "RemoteAction._action_call_format"),
    ("rasa.core.processor", "copy"),
    ("rasa.core.policies.memoization", "copy"),
    ("rasa.core.policies.rule_policy", "copy"),
    ("rasa.core.policies.rule_policy", "RulePolicy.format_tracker_states"),
    ("rasa.core.policies.rule_policy", "RulePolicy._get_possible_keys"),
    ("rasa.core.policies.rule_policy", "RulePolicy._rule_key_to_state"),
    ("rasa.core.policies.rule_policy", "RulePolicy._does_rule_match_state"),
    ("rasa.core.tracker_store", "SQLTrackerStore.session_scope"),
    ("rasa.core.tracker_store", "SQLTrackerStore.retrieve"),
    ("rasa.core.tracker_store", "SQLTrackerStore.save"),
    ("rasa.core.tracker_store", "SQLTrackerStore.engine"),
    ("rasa.core.tracker_store", "SQLTrackerStore.sessionmaker"),
    ("rasa.core.tracker_store", "FailSafeTrackerStore._on_tracker_store_error"),
    ("rasa.core.tracker_store", "FailSafeTrackerStore._tracker_store"),
    ("rasa.engine.runner.dask", "DaskGraphRunner.run"),
    ("rasa.engine.runner.dask", "DaskGraphRunner._instantiated_nodes"),
    ("rasa.nlu.utils.spacy_utils", "SpacyNLP.load_model"),
    ("rasa.shared.core.domain", "Domain.states_for_tracker_history"),
    ("rasa.shared.core.domain", "Domain._get_prev_action_sub_state"),
    ("rasa.shared.core.domain", "Domain._remove_rule_only_features"),
    ("rasa.shared.core.domain", "Domain._substitute_rule_only_user_input"),
    ("rasa.shared.core.domain", "Domain._clean_state"),
    ("rasa.shared.core.domain", "Domain.is_empty"),
    ("rasa.shared.core.events", "Event.resolve_by_type"),
    ("rasa.utils.endpoints", "EndpointConfig.session"),
    ("rasa.utils.endpoints", "DEFAULT_REQUEST_TIMEOUT"),
)
"""(module, attribute path) for every Rasa internal the patches replace or call."""

_lock = threading.Lock()
_applied: Set[str] = set()


def rasa_version() -> str:
    import rasa

    return rasa.__version__


def missing() -> List[str]:
    """The patched attributes the installed Rasa no longer has (empty on the pinned version)."""
    gone = []
    for module_name, path in PATCHED:
        target: object = importlib.import_module(module_name)
        for part in path.split("."):
            found = getattr(target, part, None)
            if found is None and isinstance(target, type):
                found = _instance_attribute(target, part)
            if found is None:
                gone.append(f"{module_name}.{path}")
                break
            target = found
    return gone


def _instance_attribute(cls: type, name: str) -> object:
    """Attributes set in ``__init__`` (not on the class): present when ``__init__`` assigns them."""
    import inspect

    try:
        source = inspect.getsource(cls.__init__)  # type: ignore[misc]
        return name if re.search(rf"\bself\.{re.escape(name)}\s*(?::[^=\n]*)?=(?!=)", source) else None
    except (OSError, TypeError):
        return None


def apply(speed: bool = True) -> List[str]:
    """Apply the fixes (always) and the speed-ups (when ``speed``), each at most once per process.

    On another Rasa version the speed-ups are skipped with a warning, since they replay Rasa's
    own logic; the fixes still apply where their targets exist. Returns what was applied now.
    """
    from assistant.rasa_compat import speedups, store_fixes

    done: List[str] = []
    with _lock:
        if "store_fixes" not in _applied:
            store_fixes.apply()
            _applied.add("store_fixes")
            done.append("store_fixes")
        if speed and "speedups" not in _applied:
            if rasa_version() != PINNED_RASA:
                log.warning("Rasa %s is installed, the speed-ups were checked on %s: running without them",
                            rasa_version(), PINNED_RASA)
            else:
                speedups.apply()
                done.append("speedups")
            _applied.add("speedups")
    return done


def tune_tracker_store(store: object) -> bool:
    """The speed-ups that belong to one store rather than to Rasa's classes (a kept SQLite connection);
    only where the class speed-ups were applied. Returns whether anything changed."""
    from assistant.rasa_compat import store_fixes, store_speedups

    if "speedups" not in _applied or rasa_version() != PINNED_RASA:
        return False
    inner = store_fixes.inner_store(store)
    before = getattr(inner, "engine", None)
    store_speedups.keep_one_sqlite_connection(inner)
    return getattr(inner, "engine", None) is not before
