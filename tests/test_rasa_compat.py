"""Every Rasa patch (assistant/rasa_compat): loaded without TensorFlow, repeated work skipped, applied once;
answers must be exactly those of Rasa as it ships."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.rasa_compat import lean_import
from tests.conftest import ROOT

# Parses the held-out file and part of the crisis corpus, then holds a short conversation, and
# writes it all as JSON, with whether TensorFlow ended up imported, to the file named by its argument. Not to stdout,
# which the action server's process shares: in one CI run the 70 KB line came back broken at exactly 64 KiB, the
# pipe's size, with something else in it.
PROBE = r"""
import json, sys
from pathlib import Path
from assistant.rasa_compat import lean_import
from assistant.core import logs, settings
lean = lean_import.install(settings.ROOT / "config.yml")
logs.configure()
from rasa.shared.nlu.training_data.loading import load_data
from assistant.core.runtime import Engine

texts = [m.get("text") for m in load_data("tests/nlu/heldout.yml").intent_examples]
texts += [json.loads(line)["text"] for line in Path("tests/crisis/crisis.jsonl").read_text().splitlines()[:60]]
with Engine() as engine:
    parses = []
    for text in texts:
        parse = engine.parse(text)
        parses.append([text, [(r["name"], round(r["confidence"], 9)) for r in parse.get("intent_ranking") or []][:3],
                       parse["intent"]["name"], sorted(e["entity"] + "=" + str(e["value"]) for e in parse.get("entities", []))])
    conversation = []
    messages = ["hello", "i feel drained", "yes", "stop", "how can i support a friend", "i am scared they will judge me",
                "help me practise active listening", "yes", "that sounds really hard, i am here for you", "stop",
                "can we do a breathing exercise", "stop", "thanks", "no", "i feel worthless", "i want to end my life"]
    for message in messages * 2:
        turn = engine.handle(message, "lean-probe")
        conversation.append([turn.intent, len(turn.replies)])  # wording varies: responses have variants
    tracker = engine.tracker("lean-probe")
    actions = [e.action_name for e in tracker.events if getattr(e, "action_name", None)]
Path(sys.argv[1]).write_text(json.dumps({"lean": lean, "tensorflow": any(m.startswith("tensorflow") for m in sys.modules),
                                         "parses": parses, "conversation": conversation, "actions": actions}))
"""


def _probe(data_dir: Path, full: bool) -> dict:
    env = {**os.environ, "COMPASSION_DATA_DIR": str(data_dir)}
    env.pop(lean_import.PLAIN_SWITCH, None)
    if full:
        env[lean_import.PLAIN_SWITCH] = "1"
    result = data_dir.parent / f"{data_dir.name}-probe.json"
    done = subprocess.run([sys.executable, "-c", PROBE, str(result)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(result.read_text())


def test_answers_are_those_of_rasa_as_it_ships(model_path: Path, tmp_path: Path) -> None:
    lean = _probe(tmp_path / "lean", full=False)
    full = _probe(tmp_path / "full", full=True)
    assert lean["lean"] and not lean["tensorflow"], "the runtime should not have imported TensorFlow"
    assert not full["lean"] and full["tensorflow"], "the switch should load the whole of Rasa"
    assert len(lean["parses"]) > 300
    assert lean["parses"] == full["parses"]
    assert lean["conversation"] == full["conversation"]
    assert len(lean["actions"]) > 40 and lean["actions"] == full["actions"]
    assert "listening_practice_form" in lean["actions"], "the conversation should run a form (loop events replay differently)"
    assert lean["conversation"][-1][0] == "crisis"


def test_config_naming_a_tensorflow_component_loads_the_whole_of_rasa(tmp_path: Path) -> None:
    config = tmp_path / "config.yml"
    config.write_text("pipeline:\n  - name: WhitespaceTokenizer\n  - name: DIETClassifier\npolicies:\n  - name: RulePolicy\n")
    assert lean_import.needs_tensorflow(config)
    config.write_text("pipeline:\n  - name: WhitespaceTokenizer\npolicies:\n  - name: rasa.core.policies.ted_policy.TEDPolicy\n")
    assert lean_import.needs_tensorflow(config)
    assert not lean_import.needs_tensorflow(ROOT / "config.yml")
    assert lean_import.needs_tensorflow(tmp_path / "missing.yml"), "an unreadable config takes the safe road"


def test_install_does_nothing_once_rasa_is_imported() -> None:
    import rasa  # noqa: F401  (this test process has Rasa loaded already)

    assert not lean_import.install(ROOT / "config.yml")


def test_placeholders_refuse_to_build_a_tensorflow_component() -> None:
    module = lean_import._placeholder_module("rasa.core.policies.ted_policy")
    with pytest.raises(lean_import.TensorFlowNotLoaded, match="COMPASSION_PLAIN_RASA=1"):
        module.TEDPolicy()
    with pytest.raises(lean_import.TensorFlowNotLoaded):
        module.TEDPolicy.load({}, None, None, None)
    assert module.TEDPolicy is module.TEDPolicy, "one placeholder per name, so subclass checks stay consistent"


def test_every_patched_rasa_attribute_still_exists() -> None:
    import rasa

    from assistant import rasa_compat

    assert rasa.__version__ == rasa_compat.PINNED_RASA
    assert rasa_compat.missing() == []


def test_a_vanished_attribute_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant import rasa_compat

    monkeypatch.setattr(rasa_compat, "PATCHED", rasa_compat.PATCHED + (("rasa.core.tracker_store", "SQLTrackerStore.gone"),
                                                                       ("rasa.shared.core.domain", "Domain._not_there")))
    assert rasa_compat.missing() == ["rasa.core.tracker_store.SQLTrackerStore.gone", "rasa.shared.core.domain.Domain._not_there"]


def test_patches_are_applied_once_per_process() -> None:
    """A second agent in the same process must not wrap each patch in the previous one."""
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.core.events import Event

    from assistant import rasa_compat

    rasa_compat.apply(speed=True)
    patched = (RemoteAction.run, Event.resolve_by_type, RemoteAction._validate_action_result)
    assert rasa_compat.apply(speed=True) == []
    assert (RemoteAction.run, Event.resolve_by_type, RemoteAction._validate_action_result) == patched


RESPONSES = [
    {"events": [{"event": "slot", "name": "mood", "value": 1}, {"event": "bot", "text": "hi", "metadata": {}}], "responses": [{"text": "x"}]},
    {"events": [], "responses": []},
    {},
    {"events": [{"event": "slot", "value": 1}]},  # a slot without a name
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"name": "mood"}]},  # no event name
    {"events": "slot"},
    {"events": [{"event": "slot", "name": "mood", "value": 1, "timestamp": "noon"}]},
    {"events": [{"event": "user", "text": "hi", "parse_data": {"intent": {"name": 3}}}]},
    {"responses": [1]},
    {"events": [["slot"]]},
]


@pytest.mark.parametrize("response", RESPONSES)
def test_action_responses_are_judged_as_rasa_judges_them(response: dict) -> None:
    """Checking each event against its own type's schema only must accept and refuse what the full schema does."""
    import jsonschema
    from rasa.core.actions.action import RemoteAction

    from assistant import rasa_compat

    rasa_compat.apply(speed=True)
    spec = RemoteAction.action_response_format_spec()
    expected = jsonschema.validators.validator_for(spec)(spec).is_valid(response)
    try:
        judged = RemoteAction._validate_action_result(None, response)  # type: ignore[arg-type]
    except jsonschema.ValidationError as error:
        judged = False
        assert "Failed to validate" in error.message
    assert judged == expected


def test_action_calls_are_serialised_to_the_same_json_faster() -> None:
    import asyncio
    import json

    from rasa.utils.endpoints import EndpointConfig

    from assistant import rasa_compat

    rasa_compat.apply()
    payload = {"tracker": {"events": [{"event": "user", "text": "a/b \u00e9 \"q\"", "confidence": 0.987654321}]}, "x": None}

    async def serialised() -> str:
        async with EndpointConfig("http://127.0.0.1:1").session() as session:
            return session._json_serialize(payload)

    text = asyncio.run(serialised())
    assert json.loads(text) == payload and text != json.dumps(payload)


def test_action_calls_reuse_one_connection_survive_a_restarted_server_and_close_at_the_end() -> None:
    """Calls in quick succession share one connection; after the server behind it was replaced (as a restarted
    action server is), the next call still gets its answer; closing leaves no session open."""
    import asyncio

    from aiohttp import web
    from rasa.utils.endpoints import EndpointConfig

    from assistant import rasa_compat
    from assistant.rasa_compat.action_calls import close_connections

    rasa_compat.apply()
    peers = []

    async def answer(request: web.Request) -> web.Response:
        peers.append(request.transport.get_extra_info("peername")[1])
        return web.json_response({"events": [], "responses": [{"text": str(len(peers))}]})

    async def serve(port: int) -> web.AppRunner:
        app = web.Application()
        app.router.add_post("/webhook", answer)
        runner = web.AppRunner(app)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        return runner

    async def scenario() -> None:
        first = await serve(0)
        port = first.addresses[0][1]
        endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook")
        for n in range(3):
            assert (await endpoint.request(json={"n": n}))["responses"][0]["text"] == str(n + 1)
        assert len(set(peers)) == 1, "three calls in a row share one connection"
        await first.cleanup()
        second = await serve(port)
        assert (await endpoint.request(json={"n": 3}))["responses"][0]["text"] == "4"
        kept = endpoint.__dict__["_kept_session"][1]
        await close_connections(endpoint)
        assert kept.closed and "_kept_session" not in endpoint.__dict__
        await second.cleanup()

    asyncio.run(scenario())


def test_action_calls_leave_out_only_what_no_action_reads() -> None:
    """Earlier messages lose their intent ranking and the featurisation events go; every other field stays, and the
    latest message is whole in ``latest_message``."""
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, DefinePrevUserUtteredFeaturization, EntitiesAdded, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from assistant import rasa_compat

    rasa_compat.apply()
    parse = {"intent": {"name": "greet", "confidence": 0.9}, "entities": [], "text": "hi",
             "intent_ranking": [{"name": "greet", "confidence": 0.9}], "crisis": {"level": "none", "reason": "none"}}
    tracker = DialogueStateTracker.from_events("unit", [
        UserUttered("hi", parse["intent"], [], parse_data=parse), ActionExecuted("action_listen"),
        UserUttered("hello", parse["intent"], [], parse_data={**parse, "text": "hello"}), EntitiesAdded([]),
        DefinePrevUserUtteredFeaturization(False)])
    tracker.update(UserUttered("again", parse["intent"], [], parse_data={**parse, "text": "again"}))
    call = RemoteAction("action_support", None)._action_call_format(tracker, Domain.empty())
    events = call["tracker"]["events"]
    assert any(e.as_dict()["event"] == "user_featurization" for e in tracker.events)
    users = [e for e in events if e["event"] == "user"]
    assert len(users) == 3 and all("intent_ranking" not in e["parse_data"] for e in users)
    assert all(e["parse_data"]["crisis"] == parse["crisis"] and e["parse_data"]["intent"]["name"] == "greet" for e in users)
    assert not any(e["event"] == "user_featurization" for e in events)
    assert call["tracker"]["latest_message"]["intent_ranking"] == parse["intent_ranking"]
    assert tracker.events[0].parse_data["intent_ranking"] == parse["intent_ranking"]  # the tracker itself is untouched


def test_values_copied_only_for_debug_logs_are_copied_when_debug_logging_is_on() -> None:
    import logging

    import rasa.core.policies.memoization as memoization
    from rasa.core.policies.rule_policy import RulePolicy

    from assistant import rasa_compat

    rasa_compat.apply()
    states = [{"user": {"intent": "greet"}}]
    rasa_log = logging.getLogger("rasa")
    level = rasa_log.level
    try:
        rasa_log.setLevel(logging.INFO)
        assert memoization.copy.deepcopy(states) is states and RulePolicy.format_tracker_states(states) == ""
        rasa_log.setLevel(logging.DEBUG)
        copied = memoization.copy.deepcopy(states)
        assert copied == states and copied is not states and "greet" in RulePolicy.format_tracker_states(states)
    finally:
        rasa_log.setLevel(level)


def test_whether_a_domain_is_empty_is_answered_as_rasa_answers_it() -> None:
    from rasa.shared.core.domain import Domain

    from assistant import rasa_compat

    rasa_compat.apply()
    ours = Domain.load(str(ROOT / "domain.yml"))
    assert not ours.is_empty() and not ours.is_empty()  # asked twice: the kept answer is the same
    assert Domain.empty().is_empty() and Domain.from_dict({}).is_empty()
