"""Countries: named, coded and moved to in text, preset by COMPASSION_COUNTRY, and the crisis answer that follows."""
import pytest

from assistant.nlu import countries
from assistant.safety import helplines
from tests.conftest import run_cli


@pytest.fixture(scope="module")
def nlp():
    """The project's spaCy pipeline as `compassion train` built it (entity ruler from entities.yml)."""
    import spacy

    from assistant.core import settings

    return spacy.load(settings.load().spacy_dir)


def country_of(nlp, text):
    doc = nlp(text.lower())
    found = [{"entity": e.label_, "value": e.ent_id_, "start": e.start_char, "end": e.end_char} for e in doc.ents]
    chosen = [e["value"] for e in countries.resolve(text, found, helplines.codes()) if e["entity"] == "country"]
    assert len(chosen) <= 1, chosen
    return chosen[0] if chosen else None


@pytest.mark.parametrize("text,code", [
    ("actually i moved, i'm in germany now", "DE"),
    ("I moved to Spain", "ES"),
    ("I'm in DE now", "DE"),
    ("in NL", "NL"),
    ("DE", "DE"),
    ("UK", "GB"),
    ("i live in the US", "US"),
    ("i live in ohio", "US"),  # session 27's eleventh new user: a state, not the country, was named
    ("im from pennsylvania originally", "US"),
    ("i got a message from austin", None),  # session 28's review: names in passing, not where the person is
    ("my ex moved to hawaii", None),
    ("i'm from india but i live in england", "GB"),
    ("I moved from Canada to Germany", "DE"),
    ("I'm in Germany, I moved here from Canada", "DE"),
    ("i used to live in canada but now i'm in germany", "DE"),
    ("i'm not in the uk anymore, i'm in france", "FR"),
    ("i'm german but i live in spain", "ES"),
    ("i live in spain but i'm german", "ES"),
    ("i'm in peru", "PE"),
    ("i live in new mexico", "US"),
    ("i'm in turkey", "TR"),
    ("we live in the netherlands", "NL"),
    ("i'm in sao paulo", "BR"),
    ("je suis en France", "FR"),
    ("i'm from DE", "DE"),  # where they are from counts when nothing else is named
    ("she lives in canada now and i'm in the uk", "GB"),
    ("my sister and i live in canada", "CA"),
    ("i live with my parents in canada", "CA"),
    ("me and my boyfriend live in australia", "AU"),
])
def test_countries_named_in_text(nlp, text, code):
    assert country_of(nlp, text) == code


@pytest.mark.parametrize("text", ["my cousin in mumbai is really struggling, how can i help her", "my mum lives in australia",
                                  "my friend says she is in ireland",
                                  # session 26: a country left behind is not where they are now
                                  "I move here from Brazil 8 months ago. I dont have friends here", "we came over from poland last year"])
def test_where_someone_else_lives_is_not_where_the_person_is(nlp, text):
    assert country_of(nlp, text) is None


@pytest.mark.parametrize("text", [
    "sorry my english is bad",
    "I work in IT",
    "help US",
    "NO",
    "no it is not",
    "I'M IN SO MUCH PAIN",
    "we had turkey for dinner",
    "latin american food is my favourite",
    "i'm in IL",
    "it is what it is",
    "let us in",
])
def test_ordinary_words_are_not_countries(nlp, text):
    assert country_of(nlp, text) is None


def test_codes_need_capitals_and_context():
    codes = helplines.codes()
    assert [m["value"] for m in countries.code_mentions("moved to SE last year", codes)] == ["SE"]
    assert countries.code_mentions("i moved to se last year", codes) == []
    assert countries.code_mentions("call me at AT", codes) == []
    assert countries.code_mentions("the PE teacher was kind", codes) == []


@pytest.mark.parametrize("said, slot, code", [("US", None, "US"), ("us", None, "US"), ("america", None, "US"), ("US.", None, "US"),
                                              ("help us", None, None), ("us", "GB", "GB")])
def test_us_or_america_alone_is_the_united_states_only_when_no_country_is_known(said, slot, code):
    """Session 27: "US", given in a crisis as the answer to "which country?", was asked for again; its review: a lower-case
    "us" must never replace a country already given."""
    from actions.resources import known_country
    from tests.conftest import tracker_for

    assert known_country(tracker_for("inform_country", said, slots={"country": slot} if slot else None)) == code


def test_us_alone_after_the_crisis_answer_gets_the_us_lines(engine, sender):
    engine.handle("i think everyone would be happier if i just disappeared for good", sender)
    turn = engine.handle("US", sender)
    assert "988" in " ".join(r.text for r in turn.replies)


def test_a_move_updates_the_country_and_is_not_feeling_better(engine, sender):
    first = engine.handle("i'm in canada", sender)
    assert "Canada" in first.replies[0].text
    moved = engine.handle("actually i moved, i'm in germany now", sender)
    assert moved.intent == "inform_country"
    text = " ".join(r.text for r in moved.replies)
    assert "Germany" in text and "0800 111 0 111" in text and "glad to hear" not in text.lower()
    crisis = engine.handle("i want to end my life", sender)
    assert crisis.intent == "crisis"
    first_reply, lines = crisis.replies[0].text, " ".join(r.text for r in crisis.replies)
    assert first_reply.index("112") < first_reply.index("0800 111 0 111"), "emergency number, then the line"
    for other in ("911", "988", "999", "116 123", "000"):
        assert other not in lines, f"{other}: only Germany's lines once the country is known"
    assert "116 016" in lines, "and the domestic-violence line"
    assert engine.tracker(sender).get_slot("country") == "DE"
    _no_repeats([first, moved, crisis])


def test_any_other_country_gets_its_emergency_number_and_the_directory(engine, sender):
    told = engine.handle("i'm in peru", sender)
    text = told.replies[0].text
    assert "Peru" in text and "findahelpline.com" in text and "105" in text
    crisis = engine.handle("i want to die", sender)
    first = crisis.replies[0].text
    assert "106" in first and "Peru" in first and "911" not in first
    assert any("findahelpline.com" in r.text for r in crisis.replies)
    _no_repeats([told, crisis])


def test_the_first_crisis_message_is_local_even_without_the_action_server(engine, sender, monkeypatch):
    engine.handle("I moved to Spain", sender)
    engine.actions.stop()
    monkeypatch.setattr(engine.actions, "ensure_running", lambda: False)
    try:
        turn = engine.handle("i'm going to kill myself", sender)
    finally:
        monkeypatch.undo()
        engine.actions.ensure_running()
    assert turn.intent == "crisis"
    first = turn.replies[0].text
    assert "112" in first and "024" in first and "911" not in first


def _no_repeats(turns):
    said = [r.text for t in turns for r in t.replies]
    assert len(said) == len(set(said)), "no message repeated word for word"


def test_an_unknown_country_setting_warns_once_and_is_ignored(model_path):
    result = run_cli(["chat", "--json", "--no-pace", "--sender", "setting-unknown"], stdin=b"i want to die\n",
                     env={"COMPASSION_COUNTRY": "Narnia"})
    err = result.stderr.decode()
    assert result.returncode == 0 and "Traceback" not in err
    warnings = [line for line in err.splitlines() if "COMPASSION_COUNTRY" in line]
    assert len(warnings) == 1 and "'Narnia'" in warnings[0], err[-2000:]
    out = result.stdout.decode()
    assert "911" in out and "999" in out, "the multi-country answer, as if no country were set"


def test_a_known_country_setting_is_used(model_path):
    result = run_cli(["chat", "--json", "--no-pace", "--sender", "setting-known"], stdin=b"i want to die\n",
                     env={"COMPASSION_COUNTRY": "nl"})
    assert "COMPASSION_COUNTRY" not in result.stderr.decode()
    first = result.stdout.decode().splitlines()[0]
    assert "113" in first and "112" in first and "911" not in first
