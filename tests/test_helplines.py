"""helplines.yml: its schema, checked on load, and the first crisis message built from it (pure, no model)."""
import re

import pytest
import yaml

from assistant.safety import helplines
from tests.conftest import ROOT

LISTED = sorted(set(helplines.load()["countries"]) - {helplines.FALLBACK})
NUMBER = re.compile(r"[\d\s()\-+]+(?: or [\d\s()\-+]+)*|[\d\s\-]+ \(free from [A-Za-z ]+\) or [\d\s()\-]+")
"""How a number may be written: digits and separators, alternatives joined by "or"."""
RAW = yaml.safe_load(helplines.PATH.read_text(encoding="utf-8"))


def test_at_least_thirty_countries_have_their_own_lines():
    assert len(LISTED) >= 30, LISTED


@pytest.mark.parametrize("code", LISTED)
def test_every_listed_country_has_an_emergency_number_a_crisis_line_and_sources(code):
    entry = helplines.load()["countries"][code]
    assert re.match(r"^\d{2,5}\b", entry["emergency"]), entry["emergency"]
    assert re.match(r"^\d{4}-\d{2}-\d{2}$", entry["last_checked"])
    assert entry["crisis"], code
    assert entry["crisis"][0].get("call"), "the first line, shown in the first crisis message, can be called"
    for line in entry["crisis"] + entry["domestic_violence"] + entry["services"]:
        assert line["name"] and line["source"].startswith("https://"), (code, line)
        assert line.get("call") or line.get("text") or line.get("url"), (code, line)
        for way in ("call", "text"):
            if line.get(way):
                assert NUMBER.fullmatch(line[way]), line[way]


def test_numbers_carried_over_for_the_first_seven_countries_are_unchanged():
    """The numbers the old tests and README promise: a rewrite of the file must not lose one."""
    expected = {"US": ("911", "988"), "CA": ("911", "988"), "GB": ("999", "116 123"), "IE": ("112 or 999", "116 123"),
                "AU": ("000", "13 11 14"), "NZ": ("111", "1737"), "IN": ("112", "14416")}
    for code, (emergency, line) in expected.items():
        entry = helplines.country_entry(code)
        assert entry["emergency"] == emergency and entry["crisis"][0]["call"] == line, code


def test_emergency_only_countries_have_a_name_and_at_most_a_number():
    others = helplines.load()["emergency_only"]
    assert "PE" in others and not set(others) & set(LISTED)
    for code, entry in others.items():
        assert entry["name"], code
        assert entry["emergency"] is None or re.match(r"^\d", entry["emergency"]), code


def test_the_file_header_says_how_it_was_checked():
    header = helplines.PATH.read_text(encoding="utf-8").split("directory:")[0].lower()
    assert "no internet" in header and "last_checked" in header
    assert "not a date on which the number was dialled" in header


def _broken(change):
    raw = yaml.safe_load(yaml.safe_dump(RAW, allow_unicode=True))
    change(raw)
    return raw


@pytest.mark.parametrize("change,message", [
    (lambda r: r["countries"]["DE"].pop("emergency"), "DE: 'emergency'"),
    (lambda r: r["countries"]["DE"].update(crisis=[]), "DE: needs at least one crisis line"),
    (lambda r: r["countries"]["FR"]["crisis"][0].pop("source"), "FR.crisis"),
    (lambda r: r["countries"]["FR"]["crisis"][0].pop("call"), "needs a way to reach it"),
    (lambda r: r["countries"]["SE"].update(last_checked="recently"), "last_checked"),
    (lambda r: r["countries"].update({False: r["countries"].pop("NO")}), "quote NO"),
    (lambda r: r["countries"].pop("XX"), "fallback XX"),
    (lambda r: r["emergency_only"].update(DE={"name": "Germany"}), "also listed"),
    (lambda r: r["countries"]["IT"]["crisis"][0].update(call="Telefono Amico"), "must contain a number"),
    (lambda r: r["countries"]["GB"]["crisis"][0].update(young="yes"), "'young' may only be true"),
    (lambda r: r["countries"]["GB"]["groups"].update(students=[]), "GB.groups: must map some of"),
    (lambda r: r["countries"]["GB"]["groups"]["veterans"][0].pop("source"), "GB.groups.veterans"),
    (lambda r: r["group_patterns"]["lgbtq"].append("(unclosed"), "group_patterns.lgbtq"),
    (lambda r: r["group_patterns"].update(veterans=[]), "group_patterns.veterans: must be a non-empty list"),
    (lambda r: r["countries"]["GB"]["groups"].update(veterans=[]), "GB.groups: each group needs"),
    (lambda r: r["group_patterns"].pop("lgbtq"), "no patterns for ['lgbtq']"),
])
def test_a_broken_file_fails_loudly_by_entry(change, message):
    with pytest.raises(helplines.HelplineError, match=re.escape(message)):
        helplines.validate(_broken(change))


def test_known_country_gets_its_own_numbers_first_and_no_others():
    text = helplines.first_crisis_message("DE")
    assert text.index("112") < text.index("0800 111 0 111"), "the emergency number comes first"
    assert "Germany" in text and "automated" in text
    for other in ("911", "999", "988", "Samaritans", "000"):
        assert other not in text, other


@pytest.mark.parametrize("code", LISTED)
def test_every_listed_country_has_a_first_crisis_message_with_its_numbers(code):
    entry = helplines.country_entry(code)
    text = helplines.first_crisis_message(code.lower())
    assert entry["emergency"] in text and entry["crisis"][0]["call"] in text
    assert text != helplines.GENERIC


def test_unknown_country_gets_the_multi_country_text():
    for code in (None, "", "ZZ", "XX"):
        text = helplines.first_crisis_message(code)
        assert text == helplines.GENERIC
        assert "911" in text and "999" in text and "116 123" in text


def test_generic_text_is_the_domains_static_crisis_message():
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    assert domain["responses"]["utter_crisis"][0]["text"] == helplines.GENERIC


def test_any_other_country_gets_its_emergency_number_where_known_and_the_directory():
    peru = helplines.first_crisis_message("PE")
    assert "106" in peru and "105" in peru and "Peru" in peru and "findahelpline.com" in peru
    pakistan = helplines.first_crisis_message("PK")
    assert "local emergency number" in pakistan and "findahelpline.com" in pakistan and "112" not in pakistan


@pytest.mark.parametrize("value,code", [("de", "DE"), (" GB ", "GB"), ("uk", "GB"), ("pe", "PE"), ("", None), (None, None)])
def test_country_setting_accepts_known_codes(value, code):
    assert helplines.parse_country_setting(value) == (code, None)


@pytest.mark.parametrize("value", ["Narnia", "ZZ", "XX", "germany!", "1"])
def test_country_setting_rejects_anything_else_with_one_line(value):
    code, warning = helplines.parse_country_setting(value)
    assert code is None and "COMPASSION_COUNTRY" in warning and "\n" not in warning and "ignoring" in warning


def test_an_unknown_setting_is_warned_about_once_on_stderr(monkeypatch, capsys):
    monkeypatch.setenv("COMPASSION_COUNTRY", "Atlantis")
    assert helplines.setting_country() is None
    assert helplines.setting_country() is None
    err = capsys.readouterr().err
    assert err.count("COMPASSION_COUNTRY") == 1 and "Atlantis" in err
    monkeypatch.setenv("COMPASSION_COUNTRY", "nl")
    assert helplines.setting_country() == "NL"


def test_every_country_in_the_lexicon_is_in_the_helplines_file_and_back():
    lexicon = yaml.safe_load((ROOT / "data" / "lexicon" / "entities.yml").read_text(encoding="utf-8"))["country"]
    assert all(isinstance(code, str) for code in lexicon), "quote NO in entities.yml"
    assert {code for code in lexicon if not helplines.is_known(code)} == set()
    assert set(helplines.codes()) <= set(lexicon), "every country in the file can be named"


def test_ireland_has_a_childrens_line_and_germany_a_way_to_a_psychotherapist():
    assert any(line.get("call") == "1800 66 66 66" for line in helplines.country_entry("IE")["crisis"])
    assert any(line.get("call") == "116 117" for line in helplines.country_entry("DE")["services"])


@pytest.mark.parametrize("code", ["GB", "IE", "AU", "CA"])
def test_someone_young_gets_the_line_for_young_people_first_and_anyone_else_the_first_listed(code):
    crisis = helplines.country_entry(code)["crisis"]
    assert helplines.young_first(crisis, young=True)[0].get("young") and "young" in helplines.young_first(crisis, True)[0]["about"]
    assert helplines.young_first(crisis, young=False) == list(crisis)


@pytest.mark.parametrize("said, young", [("im 14", True), ("i'm 15 n i failed my maths", True), ("i am 16 years old", True),
                                         ("i'm in year 9", True), ("i'm in 10th grade", True), ("i'm 25", False),
                                         ("im 14 minutes late", False), ("i'm 5k in debt", False), ("my son is 14", False),
                                         ("i'm 9 hours into my shift", False), ("i'm 15 years sober", False),
                                         ("im 8 beers in and i want to end it all", False), ("i'm 10 floors up", False),
                                         ("i'm 8/10 anxious", False), ("i'm 15 metres up on the bridge", False)])
def test_an_age_under_nineteen_said_of_oneself_is_read_and_numbers_of_other_things_are_not(said, young):
    from actions.resources import is_young
    from tests.conftest import tracker_for

    assert is_young(tracker_for("need_help", said)) == young


@pytest.mark.parametrize("said, groups", [
    ("i'm a veteran and i can't sleep", ["veterans"]), ("ex-army, did two tours", ["veterans"]),
    ("i served in afghanistan", ["veterans"]), ("im 16 and gay", ["lgbtq"]), ("since i came out my dad won't talk to me", ["lgbtq"]),
    ("i'm a vet nurse", []), ("my son is gay", []), ("im not gay", []), ("since i came out of hospital", []),
    ("i'm a veteran teacher, 20 years in", []), ("im bi polar", []), ("i did a tour of the castle", []), ("i was in the army", ["veterans"]),
    ("since i came out of the closet", ["lgbtq"]), ("i'm non binary", ["lgbtq"]),
])
def test_belonging_to_a_group_with_lines_of_its_own_is_read_only_when_said_of_oneself(said, groups):
    assert helplines.groups_of([said]) == groups


def test_a_groups_line_is_added_to_the_crisis_lines_only_for_someone_who_said_they_belong():
    """Session 26: no lines for veterans or LGBTQ+ people beyond each country's general and youth lines."""
    from actions.resources import crisis_lines_text

    assert "Combat Stress" in crisis_lines_text("GB", ["veterans"]) and "Switchboard" not in crisis_lines_text("GB", ["veterans"])
    assert "0800 0119 100" in crisis_lines_text("GB", ["lgbtq"]) and "Trevor" in crisis_lines_text("US", ["lgbtq"])
    assert "Combat Stress" not in crisis_lines_text("GB") and "Veterans Crisis Line" not in crisis_lines_text("US")
    assert crisis_lines_text("DE", ["veterans"]) == crisis_lines_text("DE"), "a country with no such line: its own lines"
    assert "Samaritans" in crisis_lines_text("GB", ["veterans"]), "the general lines stay, first"


def test_the_crisis_answer_reads_belonging_from_any_message_of_the_conversation():
    from rasa_sdk.executor import CollectingDispatcher

    from actions.resources import ActionCrisisLines
    from tests.conftest import tracker_for

    earlier = [{"event": "user", "text": "ex army, uk. can't sleep since i got out"}, {"event": "bot", "text": "That sounds hard."}]
    dispatcher = CollectingDispatcher()
    ActionCrisisLines().run(dispatcher, tracker_for("crisis", "i just want to end it all", events=earlier, slots={"country": "GB"}), {})
    assert "Combat Stress: call 0800 138 1619" in dispatcher.messages[0]["text"]
