"""Every content file loads and matches its schema, so a broken file fails the build by name."""
import pytest
import yaml

from actions import content

EXERCISE_FILES = sorted((content.DATA / "exercises").glob("*.yml"))


@pytest.mark.parametrize("path", EXERCISE_FILES, ids=lambda p: p.name)
def test_exercise_file_is_valid(path):
    exercise = content.parse_exercise(path)
    assert 60 <= exercise.seconds <= 240, f"{path.name}: {exercise.seconds:.0f} s of pauses"
    assert "stop" in exercise.intro.lower(), f"{path.name}: the intro should say how to stop"
    assert exercise.closing.endswith("?")


def test_every_requestable_category_has_an_exercise():
    for category in ("breathing", "loving_kindness", "self_compassion", "mindful_awareness", "active_listening", "boundaries"):
        assert content.exercises_in(category), category


def test_breathing_offers_a_choice_including_one_without_breath_focus():
    ids = {ex.id for ex in content.exercises_in("breathing")}
    assert {"breathing_4_6", "breathing_box", "grounding_senses"} <= ids


def test_broken_exercise_file_names_itself(tmp_path):
    bad = tmp_path / "broken.yml"
    bad.write_text(yaml.safe_dump({"id": "broken", "exercise": "breathing", "title": "x", "steps": []}))
    with pytest.raises(content.ContentError, match="broken.yml"):
        content.parse_exercise(bad)


def test_topics_cover_every_feeling_intent():
    feelings = {
        "fear_of_vulnerability", "fear_of_judgment", "unsure_how_to_help", "feeling_drained",
        "resistance_to_compassion", "need_help", "feeling_depressed", "low_self_esteem", "approval_seeking",
        "learn_about_compassion", "ask_about_psychedelics",
    }
    assert feelings <= set(content.topics())


def test_helplines_have_an_emergency_number_and_a_crisis_line():
    countries = content.helplines()["countries"]
    for code in ("US", "CA", "GB", "IE", "AU", "NZ", "IN", "XX"):
        entry = countries[code]
        assert entry["emergency"] and entry["crisis"], code
        for line in entry["crisis"] + entry["domestic_violence"]:
            assert line.get("call") or line.get("text") or line.get("url"), (code, line)


def test_unknown_country_falls_back_to_the_directory():
    assert content.country_lines("ZZ") is content.helplines()["countries"]["XX"]
    assert content.country_lines(None)["crisis"][0]["url"].startswith("https://")


def test_the_exercise_order_names_only_known_exercises(tmp_path, monkeypatch):
    order = content.exercise_order()
    assert order["rotation"] and order["any_one"] and set(order["rotation"] + order["any_one"]) <= set(content.exercises())
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "exercise_order.yml").write_text(yaml.safe_dump({"rotation": ["juggling"], "any_one": ["breathing_4_6"]}))
    monkeypatch.setattr(content, "DATA", tmp_path)
    content.exercise_order.cache_clear()
    monkeypatch.setattr(content, "exercises", lambda: {"breathing_4_6": object()})
    try:
        with pytest.raises(content.ContentError, match="juggling"):
            content.exercise_order()
    finally:
        content.exercise_order.cache_clear()
