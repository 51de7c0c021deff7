"""Another person's risk, told by someone worried about them: "my friend jake texted me goodbye", "my sister said
she's going to end it tonight". Such a message goes to the friend guide (its at-risk steps first), never the crisis
answer for the writer, and never to "that's outside what I can help with"."""
from __future__ import annotations

import re
from typing import Optional

from assistant.safety.lexicon import assess, phrase_anywhere
from assistant.safety.lexicon_data import lexicon
from assistant.safety.words import normalise

WRITER = frozenset({"i", "my", "myself", "mine"})
WITH_THEM = re.compile(r"\b(?:pact|(?:do|doing|end|ending) it together|(?:go|die|going|dying) together|both of us|kill ourselves|"
                       r"(?:take|taking) (?:the kids|the children|the baby|us|me) and (?:end|kill|die|do it)|"
                       r"(?:take|taking|kill|killing|hurt|hurting) (?:us|all of us|me|the kids|the children)(?: too| with (?:him|her|them)| as well)?"
                       r"(?: with (?:him|her|them)| too| as well)|(?:join|go with|going with) (?:him|her|them)(?! to\b| for\b))\b")
"""What puts the writer in another person's risk: "we made a pact", "we're doing it together", "he's going to take us
with him"; not "we called a helpline together" or "every conversation we had"."""


def tells_of_their_signs(text: str) -> bool:
    """Whether a message tells of another person's signs (a goodbye text, things given away, "won't be around"),
    which the lexicon's first-person patterns do not read (``someone_elses_signs``)."""
    return phrase_anywhere("someone_elses_signs", text)


def about_someone_else(text: str) -> bool:
    """Whether a message tells of another person's warning signs ("my friend jake texted me goodbye", "she gave
    her cat away"): it opens with them, names one of their signs (``someone_elses_signs``) and says nothing of the
    writer's own ("i", "my", "myself" after the opening). Anything less stays the writer's, to be asked about."""
    return tells_of_their_signs(text) and _only_about_them(text)


def another_persons_risk(text: str) -> bool:
    """Whether every risk phrase of a message is another person's ("my sister said she's going to end it tonight"),
    told by someone who opens with them and says nothing of their own: the friend guide's, not a topic to drop."""
    matches = assess(text).matches
    return bool(matches) and all(m.cancelled_by == "someone else" for m in matches) and _only_about_them(text)


def writer_in_their_risk(text: str) -> bool:
    """Whether every risk phrase is another person's but the writer is in it with them ("my sister said she's going to
    end it tonight, we made a pact", "my dad said he'll end it all and take us with him"): the writer's crisis too."""
    matches = assess(text).matches
    return (bool(matches) and all(m.cancelled_by == "someone else" for m in matches)
            and bool(WITH_THEM.search(" ".join(w for w in normalise(text) if w != ","))))


PERSON = (r"(?:he|she|they|someone|somebody|everyone|everybody|people|(?:my|our) (?:(?:best|little|big|older|younger|oldest|youngest|twin|baby|new|old|"
          r"teenage|\d+ ?(?:yo|year old|yr old)) )*(?:friend|mate|bestie|bff|sister|brother|sis|bro|mum|mom|mother|dad|father|son|"
          r"daughter|kid|child|boyfriend|girlfriend|bf|gf|partner|husband|wife|ex|fianc\w*|cousin|aunt|uncle|nan|gran|grandma|"
          r"grandad|grandpa|flatmate|roommate|housemate|colleague|coworker|classmate|student|neighbou?r|niece|nephew|stepdad|"
          r"stepmum|stepmom|stepson|stepdaughter|crush|pal|buddy)s?)")
"""Who may have said the quoted words: a person the writer could be worried about, never "it", a diary, a head, a
therapist or a doctor (whose words are about the writer) or a word that only looks like a subject ("drunk texted")."""
QUOTED = re.compile(
    rf"\b{PERSON}(?: (?:just|literally|then|also|last night|this morning|earlier|once|finally|suddenly))* (?:texted|texts|messaged|"
    r"messages|wrote|writes|said|says|posted|posts|sent|tweeted|dm'?e?d|commented|captioned|left|told|tells|goes|went)\b"
    r"(?:(?! i )[^'\"\u201c\u2018]){0,40}?[\s:,(]['\"\u201c\u2018](?P<quote>.+?)['\"\u201d\u2019](?=$|[\s.,!?;:)])")
"""A person's words, quoted after them ("my friend just texted me 'goodbye, i'm sorry for everything'", "he said 'you'd be
better off if i wasn't here'"). An apostrophe inside a word ("i'm") never closes the quote."""
LINES_QUOTED = re.compile(
    r"\b(?:song|track|film|movie|show|series|book|novel|poem|line|lyrics?)s? (?:that |which )?(?:goes|go|says|said|went)\b"
    r"[^'\"\u201c\u2018]{0,10}?[\s:,(]['\"\u201c\u2018](?P<quote>.+?)['\"\u201d\u2019](?=$|[\s.,!?;:)])")
"""A song's, a film's or a book's words, quoted ("what's that song that goes 'i don't wanna be alive'")."""
WORRY_FRAMES = re.compile(
    r"\bi(?:'m| am|m)? (?:so |really |very |just |a bit |kind of |getting )?(?:worried|scared|terrified|freaking out|panicking|"
    r"concerned|afraid|frightened|shaking|shaken|not sure what to do)\b|\b(?:worried|scared|terrified|concerned) (?:about|for)\b")
"""What a worried writer may say of themselves around another person's quoted words: "i'm worried", "scared for him"."""
THE_WRITER_TOO = re.compile(r"\b(?:same|too|also|as well|relatable|mood|how i feel|that'?s me|thinking of (?:going|doing it|joining))\b")
"""The writer counting themselves in ("honestly same", "thinking of going too", "so relatable"): their risk as well."""
SPEAKER_SWAP = {"i": "he", "i'll": "he'll", "i'm": "he's", "i'd": "he'd", "im": "he's", "ill": "he'll", "me": "him", "my": "his",
                "myself": "himself", "mine": "his", "you": "i", "u": "i", "ya": "i", "your": "my", "ur": "my", "you're": "i'm",
                "youre": "i'm", "you'd": "i'd", "you'll": "i'll", "you've": "i've", "yourself": "myself"}
"""Quoted words told back from the writer's side: the speaker as "he", the "you" spoken to as the writer."""


def their_quote(text: str) -> Optional[str]:
    """Another person's words, quoted, in a message whose writer says nothing of their own risk ("my friend texted me
    'goodbye, i'm sorry for everything'"): outside the quote no risk, and the writer only worried or told, never
    counting themselves in ("honestly same"). None otherwise, and for words said to the writer that put them at risk
    ("he said 'you'd be better off dead'", "she said 'i'll hurt you'"): read from the writer's side, they are theirs."""
    return _quoted(QUOTED, text)


def quoted_lines(text: str) -> bool:
    """Whether the risk words are a song's, a film's or a book's, quoted ("what's that song that goes 'i don't wanna be
    alive'"), with nothing of the writer's own ("... is literally my life rn" is): asked about, not a crisis."""
    quote = _quoted(LINES_QUOTED, text)
    return quote is not None and bool(assess(quote).standing)


def said_to_the_writer(text: str) -> Optional[str]:
    """The category of the risk in a person's words quoted as said to the writer, read from the writer's side ("my dad
    said 'if you tell anyone i'll kill you'": danger; "he said 'you should just kill yourself'": ideation); None."""
    found = QUOTED.search(text.lower().replace("\u2019", "'").replace("\u2018", "'"))
    told = assess(_as_told(found.group("quote"))).standing if found else []
    return told[0].category if told else None


def _as_told(quote: str) -> str:
    """Quoted words as the writer would tell them: "i'll hurt you" as "he'll hurt me"."""
    return " ".join(SPEAKER_SWAP.get(word, word) for word in quote.split())


def _quoted(pattern: re.Pattern, text: str) -> Optional[str]:
    """The words ``pattern`` finds quoted, when the rest of the message holds no risk and nothing of the writer but
    worry, and the words, read as said to the writer, put the writer at no risk; None otherwise."""
    lowered = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    found = pattern.search(lowered)
    if found is None or WITH_THEM.search(" ".join(w for w in normalise(text) if w != ",")):
        return None
    quote = found.group("quote")
    if assess(_as_told(quote)).standing:  # "you'd be better off dead": the writer's
        return None
    rest = lowered[:found.start("quote")] + " " + lowered[found.end("quote"):]
    if assess(rest).standing or THE_WRITER_TOO.search(rest):
        return None
    sets = lexicon().word_sets
    words = [w for w in normalise(WORRY_FRAMES.sub(" ", re.sub(rf"\b{PERSON}\b", " ", rest))) if w != ","]
    if any(w in WRITER or (w == "me" and (n == 0 or words[n - 1] not in sets["told_me"])) for n, w in enumerate(words)):
        return None
    return quote


def quoted_risk(text: str) -> bool:
    """Whether the message's risk words are all in another person's quoted words (:func:`their_quote`)."""
    quote = their_quote(text)
    return quote is not None and bool(assess(quote).standing)


DESCRIBING = frozenset({"best", "little", "big", "older", "younger", "oldest", "youngest", "twin", "baby", "new", "old", "teenage",
                        "year", "years", "yr", "yo", "dear", "lovely", "poor"})
"""Words that may stand between "my" and the person they describe ("my 15 year old daughter")."""


def _only_about_them(text: str) -> bool:
    """Opens with another person ("my brother", "she") and has no "i", "my" or "myself" after that, other than in
    the words they said or wrote ("look after my dog for me"); "me" only as the one they told ("texted me")."""
    sets = lexicon().word_sets
    words = [w for w in normalise(text) if w != ","]

    def third(word: str) -> bool:
        return word in sets["third"] or word[:-1] in sets["third"]  # "my brother's"

    # "my brother", "my 15 year old daughter", "my best friend": the person after "my" and words that describe them only
    # ("my letter to my sister says ..." is the writer's letter)
    start = 0
    if words[:1] == ["my"]:
        start = 1
        while start < len(words) - 1 and not third(words[start]) and (words[start] in DESCRIBING or words[start].isdigit()):
            start += 1
    if not words or start >= len(words) or not third(words[start]):
        return False
    rest = words[start + 1:]
    told = lexicon().context["someone_elses_signs"].search(" ".join(rest))  # their words ("look after my dog for me") are theirs
    if told and not re.search(r"\bi (?:\S+ ){0,2}(?:told|said|texted|messaged|wrote|sent|posted)\b", " ".join(rest)):  # "i told her ..."
        joined = " ".join(rest)
        rest = (joined[:told.start()] + " " + joined[told.end():]).split()
    # "me" only as the one they wrote to ("texted me goodbye"); "my bf left me and nothing matters" is the writer's
    return not any(w in WRITER or (w == "me" and (n == 0 or rest[n - 1] not in sets["told_me"]))
                   for n, w in enumerate(rest))
