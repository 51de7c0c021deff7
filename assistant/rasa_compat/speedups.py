"""Work Rasa 3.6 repeats although the answer never changes while the process runs.

Found by profiling a turn and a cold start (`compassion bench`); each patch keeps Rasa's
behaviour and only stops the repetition.
"""
from __future__ import annotations

import copy
import itertools
import logging
from typing import Any, Dict, List, Optional, Tuple, Type

from assistant.rasa_compat import action_calls, store_speedups
from assistant.rasa_compat.store_speedups import KEPT_CONVERSATIONS


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


def run_graphs_in_order() -> None:
    """Run the predict graph by plain recursion over each node's inputs instead of through dask.

    Every message runs the graph three or four times (NLU, then a prediction per action), and
    each time Rasa rebuilds a minimal copy of the schema and hands it to dask's scheduler, whose
    queues and callbacks cost more than several of the nodes. The graph is a small DAG run on one
    thread, so evaluating each needed node once, after the nodes it needs, gives the same
    results; errors surface as in ``DaskGraphRunner.run``.
    """
    from rasa.engine.exceptions import GraphRunError
    from rasa.engine.runner.dask import DaskGraphRunner

    def run(self: DaskGraphRunner, inputs: Optional[Dict[str, Any]] = None,
            targets: Optional[List[str]] = None) -> Dict[str, Any]:
        nodes = self._graph_schema.nodes
        outputs: Dict[str, Tuple[str, Any]] = {}
        for name, value in (inputs or {}).items():
            if isinstance(value, str) and value in nodes:
                raise GraphRunError(f"Input value '{value}' clashes with a node name.")
            outputs[name] = (name, value)  # nodes receive (name, value) pairs, as dask gives them

        def output(name: str) -> Tuple[str, Any]:
            if name not in outputs:
                if name not in nodes:
                    raise GraphRunError(f"The graph has no node or input called '{name}'.")
                needs = [output(dependency) for dependency in nodes[name].needs.values()]
                outputs[name] = self._instantiated_nodes[name](*needs)
            return outputs[name]

        try:
            return dict(output(target) for target in (targets or self._graph_schema.target_names))
        except RuntimeError as error:
            raise GraphRunError("Error running runner.") from error

    DaskGraphRunner.run = run


def replay_each_conversation_once() -> None:
    """Replay a conversation's events once, then only the events added since, to get its states.

    To predict an action, RulePolicy and MemoizationPolicy ask for the conversation's history of
    dialogue states four or five times, with rule-only turns hidden or not, and each time Rasa
    replays every event from the start: the largest cost of a turn, growing with the conversation.
    Rasa's loop is split in two here. The replay (what each step looked like) is kept for the
    tracker it came from; asked again for the same tracker object, only events appended since
    are replayed, provided they are of kinds that cannot change how earlier events apply (no
    restarts, reverts, session starts, loop events or loop actions; anything else replays from
    the start, as Rasa does). The hide-rule-turns pass, which is cheap, then runs on copies of
    the steps for each request. Same states, in the same order, as
    ``Domain.states_for_tracker_history``.
    """
    from rasa.shared.core.constants import PREVIOUS_ACTION
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, DefinePrevUserUtteredFeaturization, SlotSet, UserUttered

    appendable = (UserUttered, BotUttered, SlotSet, ActionExecuted, DefinePrevUserUtteredFeaturization)

    class Replay:
        """The steps of one tracker's history, and the replayed tracker to carry on from."""

        def __init__(self, domain: Domain, tracker: Any, omit_unset_slots: bool) -> None:
            self.domain, self.tracker, self.omit_unset_slots = domain, tracker, omit_unset_slots
            self.steps: list = []
            self.loops = {e.name for e in tracker.events if isinstance(e, ActiveLoop) and e.name}
            prior = None
            for prior, hide_rule_turn in tracker.generate_all_prior_trackers():
                self.steps.append(self.step(prior, hide_rule_turn))
            self.replayed, self.length, self.last = prior, len(tracker.events), tracker.events[-1] if tracker.events else None

        def step(self, prior: Any, hide_rule_turn: bool) -> tuple:
            previous_action = self.domain._get_prev_action_sub_state(prior)
            return (hide_rule_turn, bool(prior.followup_action), prior.latest_action_name == prior.active_loop_name,
                    dict(previous_action) if previous_action else previous_action,
                    self.domain.get_active_state(prior, omit_unset_slots=self.omit_unset_slots))

        def serves(self, domain: Domain, tracker: Any, omit_unset_slots: bool) -> bool:
            return (self.domain is domain and self.tracker is tracker and self.omit_unset_slots == omit_unset_slots
                    and len(tracker.events) >= self.length > 0 and tracker.events[self.length - 1] is self.last)

        def catch_up(self) -> bool:
            """Replay the events appended since; False when they could change earlier ones."""
            added = list(itertools.islice(self.tracker.events, self.length, None))
            if not added:
                return True
            if any(type(e) not in appendable or (isinstance(e, ActionExecuted) and e.action_name in self.loops) for e in added):
                return False
            self.steps.pop()  # the final state is recomputed after the new events
            for event in added:
                if isinstance(event, ActionExecuted):
                    self.steps.append(self.step(self.replayed, event.hide_rule_turn))
                self.replayed.update(event)
            self.steps.append(self.step(self.replayed, False))
            self.length, self.last = len(self.tracker.events), added[-1]
            return True

    def steps_for(domain: Domain, tracker: Any, omit_unset_slots: bool) -> list:
        recent: List[Replay] = domain.__dict__.setdefault("_compassion_replays", [])  # each Domain keeps its own
        for replay in recent:
            if replay.serves(domain, tracker, omit_unset_slots):
                recent.remove(replay)
                if not replay.catch_up():
                    break
                recent.insert(0, replay)
                return replay.steps
        replay = Replay(domain, tracker, omit_unset_slots)
        recent.insert(0, replay)
        del recent[KEPT_CONVERSATIONS:]
        return replay.steps

    def states_for_tracker_history(self: Domain, tracker: Any, omit_unset_slots: bool = False,
                                   ignore_rule_only_turns: bool = False, rule_only_data: Optional[Dict[str, Any]] = None) -> list:
        states: list = []
        last_ml_action_sub_state = None
        turn_was_hidden = False
        for hide_rule_turn, followup, loop_ran, previous_action, active in steps_for(self, tracker, omit_unset_slots):
            if ignore_rule_only_turns:
                if not turn_was_hidden:
                    last_ml_action_sub_state = previous_action
                if not followup and not loop_ran:
                    turn_was_hidden = hide_rule_turn
                if turn_was_hidden:
                    continue
            state = {part: dict(values) for part, values in active.items()}  # callers edit their states
            if ignore_rule_only_turns:
                self._remove_rule_only_features(state, rule_only_data)
                if states:
                    self._substitute_rule_only_user_input(state, states[-1])
                if last_ml_action_sub_state:
                    state[PREVIOUS_ACTION] = dict(last_ml_action_sub_state)
            states.append(self._clean_state(state))
        return states

    Domain.states_for_tracker_history = states_for_tracker_history


def find_rules_quickly() -> None:
    """Narrow the rules that fit a conversation in one tight loop over rules read back once.

    RulePolicy checks every learned rule against each step of the conversation, from the latest
    back, through a lambda and a method that re-reverses the rule's stored states on every call:
    most of the time of a prediction. The same tests, in the same order, with each rule's states
    reversed once and the search stopped when no rule is left: the same set of rules. Before the full
    test of a step, the two values most rules require (the previous action's name and the intent) are
    compared on their own, so the full test runs only for the few rules that can still fit.
    """
    from rasa.core.policies.rule_policy import RulePolicy
    from rasa.shared.core.constants import PREVIOUS_ACTION, SHOULD_NOT_BE_SET, USER
    from rasa.shared.nlu.constants import ACTION_NAME, INTENT

    def required(value: Any) -> Optional[str]:
        """A value a step must equal for the rule to fit (what ``_does_rule_match_state`` tests), or None."""
        return value if isinstance(value, str) and value and value != SHOULD_NOT_BE_SET else None

    def read_back(self: RulePolicy, key: str) -> tuple:
        states = tuple(reversed(self._rule_key_to_state(key)))
        needs = tuple((required(step.get(PREVIOUS_ACTION, {}).get(ACTION_NAME)), required(step.get(USER, {}).get(INTENT)))
                      for step in states)
        return states, needs

    def by_latest_step(self: RulePolicy, lookup: Dict[str, str], reversed_rules: Dict[str, tuple]) -> Dict[Any, list]:
        """The rules grouped by what their latest step requires ((action, intent), None for "any"; "none" for a
        step with no previous action), built once per rule table: the first step's test then reads four groups
        instead of every rule."""
        cache: Dict[int, Tuple[int, Dict[Any, list]]] = self.__dict__.setdefault("_compassion_latest_step", {})
        size, groups = cache.get(id(lookup), (-1, {}))
        if size != len(lookup):  # new, or grown while training checks its rules
            groups = {}
            for key in lookup:
                rule = reversed_rules.get(key)
                if rule is None:
                    rule = reversed_rules[key] = read_back(self, key)
                rule_states, needs = rule
                group = "all" if not rule_states else "none" if not rule_states[0].get(PREVIOUS_ACTION) else needs[0]
                groups.setdefault(group, []).append(key)
            cache[id(lookup)] = (len(lookup), groups)  # a policy's tables (rules, unhappy loop paths) live with it
        return groups

    def possible_keys(self: RulePolicy, lookup: Dict[str, str], states: List[Dict[str, Any]]) -> set:
        reversed_rules: Dict[str, tuple] = self.__dict__.setdefault("_compassion_reversed_rules", {})
        keys = list(lookup)
        if states:
            groups = by_latest_step(self, lookup, reversed_rules)
            latest = states[-1].get(PREVIOUS_ACTION)
            if latest:
                action, intent = latest.get(ACTION_NAME), states[-1].get(USER, {}).get(INTENT)
                keys = [key for group in ((action, intent), (action, None), (None, intent), (None, None))
                        for key in groups.get(group, ())] + groups.get("all", [])
            else:
                keys = groups.get("none", []) + groups.get("all", [])
        for index, state in enumerate(reversed(states)):
            if not keys:
                break
            current_previous = state.get(PREVIOUS_ACTION)
            current = ((current_previous or {}).get(ACTION_NAME), state.get(USER, {}).get(INTENT))
            fitting = []
            for key in keys:
                rule = reversed_rules.get(key)
                if rule is None:
                    rule = reversed_rules[key] = read_back(self, key)
                rule_states, needs = rule
                if index >= len(rule_states):
                    fitting.append(key)
                    continue
                rule_previous = rule_states[index].get(PREVIOUS_ACTION)
                if not rule_previous and not current_previous:
                    fitting.append(key)
                elif rule_previous and current_previous:
                    action, intent = needs[index]
                    if (action is None or action == current[0]) and (intent is None or intent == current[1]) \
                            and self._does_rule_match_state(rule_states[index], state):
                        fitting.append(key)
            keys = fitting
        return set(keys)

    RulePolicy._get_possible_keys = possible_keys


class _CopyForDebugLogs:
    """Stands in for the ``copy`` module where Rasa deep-copies values only to pass them to a debug log line
    (every ``copy.deepcopy`` in the modules below): the copy is made when debug logging is on, else skipped."""

    def __init__(self, logger: logging.Logger) -> None:
        self.logger = logger

    def deepcopy(self, value: Any) -> Any:
        """The value itself when no debug line will be written, else a real deep copy."""
        return copy.deepcopy(value) if self.logger.isEnabledFor(logging.DEBUG) else value

    def copy(self, value: Any) -> Any:
        """Shallow copies are cheap and left as they were."""
        return copy.copy(value)


LOG_ONLY_COPIES = ("rasa.core.processor", "rasa.core.policies.memoization", "rasa.core.policies.rule_policy")


def skip_work_for_silent_debug_logs() -> None:
    """Rasa 3.6 deep-copies the tracker states, events and parse data for structlog debug lines, and the rule
    policy formats its states as text for one, whether or not they are written: 0.5 ms a turn here."""
    import importlib

    from rasa.core.policies.policy import Policy
    from rasa.core.policies.rule_policy import RulePolicy

    rasa_log = logging.getLogger("rasa")
    for name in LOG_ONLY_COPIES:
        module: Any = importlib.import_module(name)
        module.copy = _CopyForDebugLogs(rasa_log)

    def format_tracker_states(states: List[Dict]) -> str:
        return Policy.format_tracker_states(states) if rasa_log.isEnabledFor(logging.DEBUG) else ""

    RulePolicy.format_tracker_states = staticmethod(format_tracker_states)


def check_the_domain_is_not_empty_once() -> None:
    """Rasa asks, on every message, whether the domain is empty by building an empty domain and comparing both
    as dictionaries: 0.4 ms a turn. Each domain's answer is kept after the first time. Nothing that runs while
    the assistant answers can turn a domain with intents into an empty one, or the reverse: Rasa's ``merge`` and
    ``fingerprint`` do write into a domain's dictionary, but only add to it (``fingerprint`` can make Rasa's own
    check call a truly empty domain non-empty, which the kept answer does not)."""
    from rasa.shared.core.domain import Domain

    original = Domain.is_empty

    def is_empty(self: Domain) -> bool:
        known = self.__dict__.get("_is_empty_answer")
        if known is None:
            known = self.__dict__["_is_empty_answer"] = original(self)
        return bool(known)

    Domain.is_empty = is_empty


def apply() -> None:
    skip_work_for_silent_debug_logs()
    check_the_domain_is_not_empty_once()
    action_calls.apply()
    resolve_event_types_quickly()
    load_spacy_once()
    run_graphs_in_order()
    replay_each_conversation_once()
    find_rules_quickly()
    store_speedups.apply()
