"""The crisis lexicon as data: the file is checked on load, risk is graded, and spelling is forgiven.

No model needed. The misspellings here are invented and listed nowhere in the lexicon: they are
caught by spelling distance to a few risk words, not by a list of typos.
"""
import copy
import re

import pytest
import yaml

from assistant.safety.lexicon import assess, normalise
from assistant.safety.lexicon_data import PATH, LexiconError, lexicon, load, parse
from assistant.safety.words import correct


@pytest.fixture(scope="module")
def raw():
    return yaml.safe_load(PATH.read_text(encoding="utf-8"))


def broken(raw, **changes):
    """The real file's data with the first pattern changed (a key set to None is removed)."""
    data = copy.deepcopy(raw)
    for key, value in changes.items():
        if value is None:
            data["patterns"][0].pop(key)
        else:
            data["patterns"][0][key] = value
    return data


def test_the_project_lexicon_loads_with_every_level():
    data = lexicon()
    assert {p.level for p in data.patterns} == {"crisis", "check"}
    assert len({p.name for p in data.patterns}) == len(data.patterns)


@pytest.mark.parametrize("changes, message", [
    ({"regex": r"\b(?:kill myself"}, "regex does not compile"),
    ({"regex": r"\b{KILLS} {W2}{SELF}\b"}, "unknown placeholder {KILLS}"),
    ({"regex": r"\bend it {W}\b"}, "unknown placeholder {W}"),
    ({"negation_is_rsk": True}, "unknown key(s) negation_is_rsk"),
    ({"first_person": "yes"}, "'first_person' must be true or false"),
    ({"category": "sadness"}, "unknown category 'sadness'"),
    ({"regex": None}, "'regex' is missing"),
])
def test_a_bad_pattern_is_one_clear_error_naming_file_and_entry(raw, changes, message):
    with pytest.raises(LexiconError) as error:
        parse(broken(raw, **changes), "crisis.yml")
    assert str(error.value).startswith(f"crisis.yml: pattern '{raw['patterns'][0]['name']}'")
    assert message in str(error.value)


def test_duplicate_names_and_unquoted_yaml_booleans_are_refused(raw):
    data = copy.deepcopy(raw)
    data["patterns"].append(dict(data["patterns"][0]))
    with pytest.raises(LexiconError, match="defined twice"):
        parse(data, "crisis.yml")
    data = copy.deepcopy(raw)
    data["words"]["KILL"].append(False)  # what YAML makes of an unquoted off
    with pytest.raises(LexiconError, match="word list KILL"):
        parse(data, "crisis.yml")


@pytest.mark.parametrize("change, message", [
    (lambda d: d["together"][0].update(category="sadness"), "unknown category 'sadness'"),
    (lambda d: d["together"].append({"name": "new", "category": "warning", "first": "no_such_phrase", "second": "decided"}),
     "not in 'context': no_such_phrase"),
    (lambda d: d["together"][0].pop("second"), "needs exactly name, category, first and second"),
    (lambda d: d["together"].append(dict(d["together"][0])), "a name is used twice"),
    (lambda d: d["context"].update(never_read=r"\bx\b"), "unknown ['never_read']"),  # a phrase nothing reads
])
def test_the_whole_message_checks_are_data_checked_on_load(raw, change, message):
    data = copy.deepcopy(raw)
    change(data)
    with pytest.raises(LexiconError, match=re.escape(message)):
        parse(data, "crisis.yml")


def test_a_file_on_disk_is_named_in_the_error(tmp_path, raw):
    data = broken(raw, regex="(")
    path = tmp_path / "crisis.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(LexiconError, match=r"^crisis\.yml: pattern"):
        load(path)
    path.write_text("patterns: [", encoding="utf-8")
    with pytest.raises(LexiconError, match="crisis.yml"):
        load(path)


WARNING_SIGNS = [
    "i've made up my mind, tonight's the night", "i've decided, it's settled", "my mind is made up",
    "cant do this anymore. i have a plan", "i've got a plan", "i've got it all sorted now",
    "don't tell me to call anyone, i already decided", "don't @ me with helplines, i've decided", "by sunday it'll all be over", "soon this will all be over",
    "i've been clearing out all my stuff", "take care of mum for me", "it's been nice knowing you",
    "can't see any way out", "i feel trapped", "you won't have to put up with me much longer",
    "nothing will ever get better", "what's the point of anything", "everything feels hopeless", "i have no hope left",
    "i'm so tired of fighting", "i can't go on", "i feel like i can't go on sometimes", "i honestly can't go on", "some days i just can't go on", "i don't think i can go on",
    "i can't go on without her", "is it normal to think about not existing?", "how do i make it all stop?", "i just want the pain to stop", "i give up on everything",
    "i've picked a date", "after tonight none of this will matter",
    "i feel like giving up on everything", "i don't belong in this world", "i never fit in on this planet",
    "i don't think i'll be around by spring", "i doubt i'll still be here next year",
    "i dont think i can keep going", "i can't keep going", "i'm so tired of everything", "whats the point",
    "honestly what's the point", "i cheated on my partner and i can't live with myself", "i see little reason to go on",
    "Lately I sleep very poorly. I see little purpose in continuing in this manner.",
]


@pytest.mark.parametrize("text", WARNING_SIGNS)
def test_warning_signs_call_for_a_check(text):
    found = assess(text)
    assert found.level == "check" and found.warning and not found.risk, found.reason()
    assert found.category == "warning" and found.reason().startswith("warning:")


@pytest.mark.parametrize("text", ["i can't keep going to the gym every day", "i can't go on holiday this year", "i don't think i can go on the trip",
                                  "how high does the shelf need to be", "how far is the drive from the airport",
                                  "how do i stop living for someone else's approval?", "how do i stop living in the past",
                                  "how do i make it all stop raining", "what's the point of this exercise",
                                  "i'm so tired of everything at work", "better that i am not here for the meeting",
                                  "i took the pills out of the cupboard for my mum", "i got the knife out to cut the cake",
                                  "i dont want live with my parents", "I couldn't live with myself if I didn't help her",
                                  "there's little point in continuing with this course"])
def test_the_same_words_about_one_thing_are_no_sign(text):
    """Session 22's signs are read only as the end of a thought: about the gym, a task or a cake they are not."""
    assert not assess(text).matches, assess(text).reason()


@pytest.mark.parametrize("text", ["sometimes i think is better i am not here", "is better i not exist"])
def test_better_not_here_with_a_slip_of_grammar_is_asked_about(text):
    assert assess(text).level == "check", assess(text).reason()


@pytest.mark.parametrize("text", ["i not want live anymore",
                                  "actually i'm not fine. i've got the pills out", "got the blade out again", "how do i stop existing?"])
def test_risk_said_with_a_slip_of_grammar_or_the_means_got_out_is_crisis(text):
    assert assess(text).risk, assess(text).reason()


def test_sleep_forever_wanted_is_crisis_said_bare_is_asked_and_could_sleep_forever_is_nothing():
    assert assess("i just want to sleep forever").risk and assess("wish i could fall asleep and stay asleep forever").risk
    assert assess("sleep forever").level == "check"
    assert not assess("i could sleep forever after that shift").matches


def test_suicide_naming_a_thing_is_not_the_writers_risk():
    for text in ("great. even the suicide bot is a robot", "suicide prevention week starts monday"):
        assert assess(text).level == "none", assess(text).reason()
    assert assess("i feel suicidal and this app won't help").risk


def test_a_check_can_be_explained_away_like_any_match():
    for text in ("i haven't made up my mind", "my mum says nothing will ever get better",
                 "years ago i felt hopeless but now i'm doing great"):
        found = assess(text)
        assert found.level == "none" and found.explained_away, (text, found.reason())


def test_a_plan_with_the_means_at_hand_is_crisis_even_sentences_apart():
    found = assess("i have a plan now. the pills are in front of me")
    assert found.risk and "plan_with_means_at_hand" in {m.name for m in found.standing}
    assert assess("made up my mind, and the rope is ready").risk
    assert assess("i have a plan").level == "check"


def test_someone_else_saying_it_is_the_friend_guide_not_a_crisis():
    """Patterns that are not first person by construction are set aside when someone else says them."""
    for text in ("my flatmate told me she doesn't see the point of living", "he said he would rather be dead"):
        found = assess(text)
        assert found.level == "none" and found.reason().endswith("(someone else)"), (text, found.reason())
    assert assess("since he left i would rather be dead").risk


def test_recent_is_not_past_and_feeling_unwell_is_not_recovered():
    """An overdose hours ago with symptoms now is present risk; months ago and well now is not."""
    assert assess("swallowed a whole box of pills a couple of hours ago and now i feel sick and shaky").risk
    assert assess("i took an overdose a few days ago, now i am in bed").risk
    assert assess("it's been three years since i tried to end my life and now i feel so much better").explained_away
    found = assess("i took an overdose years ago and now i am doing really well")
    assert found.level == "none" and found.explained_away


def test_a_wish_to_die_with_a_laugh_is_asked_about_not_set_aside():
    assert assess("honestly i just want to die lol").level == "check"
    assert assess("i could die of embarrassment").level == "none"


@pytest.mark.parametrize("text", ["i'm not sad, i just want to die", "i'm not suicidal i just want to stop existing",
                                  "i'm not going to lie, i want to kill myself", "lol can't wait to die honestly"])
def test_a_negation_belongs_to_its_own_statement(text):
    """A comma or a fresh "i just ..." starts another statement: the "not" before it denies nothing after it."""
    assert assess(text).risk, assess(text).reason()


@pytest.mark.parametrize("text", ["i don't think i want to die", "i'm not saying i want to die", "i would never, i never want to die",
                                  "i don't, honestly, want to die", "never, i would never, end my life", "i'm not, i really am not, suicidal"])
def test_a_negation_still_denies_within_its_statement(text):
    assert assess(text).level == "none" and assess(text).explained_away, assess(text).reason()


def test_fear_of_what_one_might_do_asks_and_to_oneself_is_crisis():
    assert assess("please talk to me i'm scared of what i'm going to do tonight").level == "check"
    assert assess("i'm afraid of what i might do to myself").risk
    assert assess("i'm worried what i will do after graduation").level == "none"
    assert assess("the only reason i'm still here is my cat").level == "check"
    assert assess("the only reason i'm still here at work is the pay").level == "none"
    assert assess("lately i keep picturing my own funeral").level == "check"


def test_sorrow_that_an_attempt_failed_is_crisis_whenever_the_attempt_was():
    assert assess("back in hospital after my attempt, i wish it had worked").risk
    assert assess("i tried to kill myself years ago and i am so glad it didn't work").level == "none"
    assert assess("my attempt at sourdough failed, shame it didn't work").level == "none"


def test_sorrow_at_surviving_a_near_accident_is_crisis_and_a_list_of_reasons_to_stay_is_asked_about():
    assert assess("got clipped by a car today and my first thought was damn, it didn't work").risk
    assert assess("nearly got hit by a car today, scary").level == "none"
    assert assess("i've been writing a list of reasons to stay").level == "check"
    assert assess("i wrote a list of reasons to stay in my job").level == "none"


def test_not_trying_said_of_oneself_denies_but_dont_try_to_stop_me_does_not():
    assert assess("it's not a big deal, i'm not trying to kill myself").level == "none"
    assert assess("don't try to talk me out of killing myself").risk


def test_a_boss_who_will_kill_me_is_everyday_hyperbole():
    from assistant.safety.lexicon import only_hyperbole

    assert only_hyperbole("my boss is going to kill me if i miss this deadline")
    assert only_hyperbole("my boss is gonna kill me if im late again") and only_hyperbole("gonna absolutely kill it in my exam")
    assert not only_hyperbole("i want to kill it all")
    assert assess("my boss will kill me and honestly i want to die").risk


def test_a_foreshortened_future_and_means_calling_are_asked_about():
    for text in ("i can't see myself living past 30", "i can't picture myself getting old", "the bridge keeps calling me"):
        assert assess(text).level == "check", text
    for text in ("i can't see myself living in london", "the beach is calling me", "my bed is calling me"):
        assert assess(text).level == "none", text


def test_someone_else_going_to_kill_themselves_is_not_a_threat_to_the_writer():
    assert assess("my friend told me he's going to kill himself this weekend").level == "none"
    assert assess("he's going to kill me if i leave").risk
    assert assess("he will kill them if i leave").risk and assess("he said he would kill her if i told anyone").risk


def test_another_persons_warning_signs_are_about_them():
    from assistant.safety.others import about_someone_else

    assert about_someone_else("my friend jake texted me saying goodbye and thanks for everything")
    assert about_someone_else("she gave away her cat") and about_someone_else("my brother's been giving his stuff away")
    assert about_someone_else("he said he won't be around much longer") and about_someone_else("she gave me her guitar")
    assert about_someone_else("my sister gave me her rings and her laptop yesterday, she's been weirdly calm")
    assert not about_someone_else("she lost her baby, should i text her or give her space") and not about_someone_else("he gave me his number")
    assert not about_someone_else("my bf left me and now nothing matters")
    assert not about_someone_else("my mum says i should disappear")
    assert not about_someone_else("he left, nothing matters now, cant do this anymore")  # no sign of theirs named
    assert not about_someone_else("somebody tell me a reason to keep going")


def test_crisis_outranks_check_in_one_message():
    found = assess("i've made up my mind. i want to kill myself")
    assert found.level == "crisis" and found.risk and found.reason() == "ideation:kill_self"


METHOD_REQUESTS = [
    "how to commit suicide quickly", "how do i kill myself", "how many paracetamol would it take",
    "how many would it take to not wake up", "painless way to die", "quickest way to end it",
    "looked up how many tablets it takes",
    "highest bridge near me", "what's a lethal dose", "which pills would kill me",
    "how high does a bridge need to be?", "how far is the drop from the car park roof?",
]
FICTION_OR_RESEARCH = [
    "for my novel, how would my character commit suicide quickly",
    "what's a lethal dose of paracetamol, it's for my dissertation",
    "i'm writing an essay on suicide, what's the most painless way to die",
]


@pytest.mark.parametrize("text", METHOD_REQUESTS)
def test_asking_for_a_method_or_amount_is_crisis(text):
    assert assess(text).level == "crisis", assess(text).reason()


@pytest.mark.parametrize("text", FICTION_OR_RESEARCH)
def test_a_method_question_for_fiction_or_research_is_not(text):
    found = assess(text)
    assert found.level == "none" and found.explained_away, found.reason()


def test_own_risk_is_not_set_aside_by_a_dissertation_in_the_same_message():
    assert assess("i'm writing my dissertation and i feel suicidal").risk


INVENTED_MISSPELLINGS = [
    "i wnat to dissapear forevr", "im so suicdal", "feeling sucidial again", "i want to kill myselv",
    "i want to disapear forver", "i swalloed all my pills", "i'm thinking of overdsoe tonigth",
    "i want to cut my wrsits", "i took too many pils",
]


@pytest.mark.parametrize("text", INVENTED_MISSPELLINGS)
def test_misspelt_risk_words_are_read_by_spelling_distance(text):
    assert assess(text).risk, (normalise(text), assess(text).reason())


def test_the_corrector_leaves_english_short_and_distant_words_alone():
    assert correct("myslef") == "myself" and correct("dissapear") == "disappear"
    for word in ("diet", "overdue", "anybody", "walt", "binging", "shh", "lol", "kils2"):
        assert correct(word) == word


CODED = ["kms", "honestly i might kys", "i should just kys", "i want to unalive myself", "unaliving is all i think about",
         "i just want to sleep forever", "relapsed on sh", "urges to sh are bad tonight", "i sh'd again",
         "i really want to self harm", "i want to self-harm", "thinking about ctb this weekend", "sewerslide sounds nice",
         "the sh urges are back", "honestly can't wait to be dead", "want to self delete", "no more me soon",
         "tell me one reason not to end it all", "i keep thinking about acting on the thoughts", "i want to cut so badly",
         "i want to cut", "the urge to cut tonight is awful", "i know exactly how i'll do it", "i've worked out when i'll go",
         "no more pills, no more appointments, no more me", "i've looked up how high the bridge is", "the policy would clear the mortgage if i wasn't here", "that film made me suicidal", "watched a movie tonight. suicidal.", "i want to k*ll myself", "su1c1dal again", "thinking about unal!ving myself", "i want to dieeee", "s*icidal tonight",
         "i wish i was never born", "i should just die", "please let me die", "god just let me die already",
         "i hope i die in my sleep", "i have nothing left to live for", "i don't have anyone to live for", "i want to slit my wrists"]


@pytest.mark.parametrize("text", CODED)
def test_coded_words_and_text_speak(text):
    assert assess(text).risk, assess(text).reason()


NEAR_MISSES = [
    "i don't think i'll be around when you get back, i'm on nights", "my mum doesn't think she'll be around by spring",
    "i have a plan for the weekend", "made up my mind about the job offer", "i've made up my mind about the job offer",
    "how to kill weeds", "what is the best way to kill weeds", "quickest way to go to london",
    "disappear for a weekend to the coast", "shh the baby is asleep", "sh*t day", "sh", "shh", "i'm going to shower",
    "how many calories would it take to gain weight", "the highest bridge in the world is in china, fun fact",
    "you should kys", "tonight's the night we celebrate", "today's the day i start running",
    "by friday it'll all be over and we can relax", "i'm selling all my stuff before the move",
    "can you look after my cat for me while i'm away", "do you remember me", "i feel trapped in traffic",
    "nothing will ever be the same", "what is the point of a 401k", "i'm hopeless at cooking",
    "what's a lethal dose of chocolate for a dog", "how long does it take to bake bread",
    "how to help someone who wants to commit suicide", "i have a plan to fix my sleep",
    "ok i've decided, pizza it is", "i feel hopeless about finding a job", "nothing will ever get better with this government",
    "i'm done with everything for today, going to bed", "i'm so tired of trying to lose weight", "that's odd",
    "we've picked a date for the wedding", "after friday it won't matter, the deadline is gone",
    "how many ibuprofen does it take to work", "i feel like i'm going to die when i have to give a speech",
    "the characters' suicide in that show was handled badly", "i have everything ready for the party",
    "i act on my feelings too quickly", "i won't end it, i promise", "i give every bit of myself to my kids",
    "my girlfriend says she wants to end it, we've been together two years", "my grandad is waiting to die in the hospice",
    "i want to cut down on drinking", "i want to cut ties with my dad", "i want to burn every photo of us",
    "i have the urge to cut my fringe", "it's like banging my head against a wall with her",
    "i bang my head against the wall trying to explain it to him", "i need to work out when to go back to work",
    "i have to figure out how to do it all on my own", "wow! i did it!", "mail me at k1ll3r@example.com",
    "i play mp3s 24/7", "soooo tired of this homework", "i need to catch the bus to work", "time to unalive my alarm clock",
    "does my insurance cover couples therapy", "how tall is the shard", "i was on the edge of my seat the whole match",
    "goodbye forever to my old car", "this is my last post of the year, see you in january", "logging off for good from that app",
    "i go straight into problem-solving mode", "i don't want to carry on with this one", "can you overdose a lawn with fertiliser",
    "suicide squad was better than i expected", "i was suicidal for most of uni and now i'm genuinely happy", "saw the new film last night, it handles suicide with real care. 9/10", "i have a plan for the holiday and the bags are ready",
    "i hope i die laughing at this", "let me die, this song is too good", "pray i die peacefully at 95",
    "nothing to live for except coffee lol", "i feel like giving up on everything related to maths", "the baby was never born",
    "i should just die of embarrassment", "she never fit in at that school",
]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_misses_stay_none(text):
    assert assess(text).level == "none", assess(text).reason()


def test_a_category_the_code_relies_on_cannot_go_missing(raw):
    data = copy.deepcopy(raw)
    del data["categories"]["method"]
    with pytest.raises(LexiconError, match="'categories' must include method"):
        parse(data, "crisis.yml")


@pytest.mark.parametrize("text", ["i want to die for real", "i want to die for real this time", "i want to die of an overdose",
                                  "i want to die of shame after what i did"])
def test_the_idiom_words_after_a_wish_to_die_are_few(text):
    """Only "of embarrassment", "inside", "a little", "laughing" make "want to die" an idiom; "for real" is the opposite."""
    assert assess(text).level == "crisis"


@pytest.mark.parametrize("tag, words", [("wanttodie", "want to die"), ("iwanttodie", "i want to die"), ("justendit", "just end it"),
                                        ("icantdothisanymore", "i cant do this anymore"), ("mentalhealthmatters", "mental health matters"),
                                        ("depressed", "depressed"), ("bettyboop", "bettyboop"), ("endmylife", "end my life"),
                                        ("cantgoon", "cant go on"), ("whyamialive", "why am i alive"), ("imnotokay", "im not okay"),
                                        ("lifeisgood", "life is good")])
def test_hashtags_are_read_as_their_words(tag, words):
    from assistant.safety.words import split_hashtag

    assert split_hashtag(tag) == words


def test_risk_in_a_hashtag_is_risk_and_awareness_hashtags_are_not():
    assert assess("so done with today #iwanttodie").risk
    assert assess("#icantdothisanymore").level == "check"
    for text in ("#suicideprevention month, check on your mates", "#killingit at the gym", "#mentalhealthmatters"):
        assert not assess(text).risk, text


def test_pills_saved_or_fresh_cuts_are_whoever_the_sentence_is_about():
    """Not first person by construction: a parent or a friend telling of someone else's is the friend guide, and
    someone who only does not know of them ("my mum hasn't noticed") leaves them the writer's."""
    for text in ("my friend has pills saved", "my daughter has fresh cuts on her arms", "she has been hiding pills for later"):
        found = assess(text)
        assert found.level == "none" and found.reason().endswith("(someone else)"), (text, found.reason())
    for text in ("i have pills saved", "my mum doesnt know about the fresh cuts", "my mum hasnt noticed the fresh cuts yet",
                 "she has no idea about the pills saved up", "fresh cuts again tonight"):
        assert assess(text).risk, text
    assert not assess("no fresh cuts this week").risk


def test_feeling_a_burden_is_asked_about_and_better_off_without_me_is_crisis():
    assert assess("i always feel like a burden to people").level == "check"
    assert assess("i am a burden and everyone would be better off without me").risk


def test_not_wanting_a_world_without_someone_is_asked_about():
    for text in ("i don't want to be in a world he isn't in", "i cant live in a world without him",
                 "i don't want to be in a world without my son"):
        assert assess(text).level in ("check", "crisis"), text
    assert assess("i want to live in a world without war").level == "none"


def test_at_the_end_of_ones_rope_with_the_means_at_hand_is_crisis():
    assert assess("i cant do this anymore, i have pills here").risk
    assert not assess("i have pills here for my headache").risk and not assess("we have pills here if you need them").risk


def test_tired_of_living_somewhere_is_everyday_and_tired_of_living_is_not():
    assert not assess("i am tired of living here, the city is so expensive").risk
    assert assess("im tired of living").risk and assess("tired of living here on this earth").risk


def test_someone_who_found_or_asks_about_it_leaves_the_risk_the_writers():
    """From a review: another person's reaction ("found", "saw", "keeps asking about") is not whose the cuts are."""
    for text in ("my dad found the fresh cuts on my arm", "my mum saw the new cuts and cried",
                 "my boyfriend keeps asking about the fresh cuts", "my mum found the pills i've been saving",
                 "my mum never noticed the fresh cuts", "nobody noticed my fresh cuts",
                 "i feel like a burden and i have pills here", "i'm tired of living here with this pain",
                 "i'm so tired of living here, i'm done"):
        assert assess(text).risk, text
    for text in ("i can't see myself ever killing myself", "i don't see myself hurting myself",
                 "i have never seen myself as suicidal", "i don't find myself wanting to die anymore"):
        assert not assess(text).risk, text


def test_not_knowing_denies_the_knowing_not_the_risk():
    for text in ("my parents have no idea i want to kill myself", "no one knows i've been cutting",
                 "i don't know why i want to die"):
        assert assess(text).risk, text
    assert not assess("i don't know, i don't want to die").risk


@pytest.mark.parametrize("text, asked", [("i just want to disappear", True), ("not really, i just want to disappear", True),
                                         ("sometimes i wanna disappear tbh", True), ("i want to disappear into a good book", False),
                                         ("when they threw me a party i wanted to disappear and i couldnt accept it", False),
                                         ("my sister wants to disappear", False)])
def test_wanting_to_disappear_as_the_end_of_a_thought_is_asked_about(text, asked):
    assert (assess(text).level == "check") is asked, assess(text).reason()


@pytest.mark.parametrize("text, level", [("help me with my medication side effects", "none"), ("pls help me meds are expensive", "none"),
                                         ("help me understand my medication", "none"), ("help i took pills", "crisis"),
                                         ("help swallowed pills", "crisis"), ("ugh work was long, i could sleep forever", "none"),
                                         ("i've got the knife out now for dinner", "none"),
                                         ("i want to die every time i remember what he did to me", "crisis")])
def test_session_22_review_probes_read_as_they_are(text, level):
    assert assess(text).level == level, assess(text).reason()
