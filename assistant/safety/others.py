"""Another person's risk, told by someone worried about them: "my friend jake texted me goodbye", "my sister said
she's going to end it tonight". Such a message goes to the friend guide (its at-risk steps first), never the crisis
answer for the writer, and never to "that's outside what I can help with"."""
from __future__ import annotations

import re
from typing import Optional, Tuple

from assistant.safety.lexicon import assess, phrase_anywhere
from assistant.safety.lexicon_data import lexicon
from assistant.safety.words import normalise

WRITER = frozenset({"i", "my", "myself", "mine"})
WITH_THEM = re.compile(r"\b(?:pact|(?:do|doing|end|ending) it together|(?:go|die|going|dying) together|both of us|kill ourselves|"
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


QUOTED = re.compile(
    r"\b(?:he|she|they|it|(?:my|our|his|her|their|the) (?:\w+ ){0,2}\w+|[a-z]+)(?:'s)? (?:(?:just|literally|then|also|last night|"
    r"this morning|earlier|once) )*(?:texted|texts|text|messaged|messages|wrote|writes|said|says|saying|posted|posts|sent|tweeted|"
    r"dm'?e?d|commented|captioned|left|put|told|tells|goes)\b(?:(?! i )[^'\"\u201c\u2018]){0,40}?[\s:,(]['\"\u201c\u2018]"
    r"(?P<quote>.+?)['\"\u201d\u2019](?=$|[\s.,!?;:)])")
"""Words another person said or wrote, quoted after who said them ("my friend just texted me 'goodbye, i'm sorry for
everything'", "he said 'you'd be better off if i wasn't here'", "it says '...'"). An apostrophe inside a word
("i'm") never closes the quote."""
WRITER_FRAMES = re.compile(
    r"\bi(?:'m| am|m)? (?:so |really |very |just |a bit |kind of |getting )?(?:worried|scared|terrified|freaking out|panicking|"
    r"concerned|afraid|frightened|shaking|shaken|not sure what to do)\b|\bi (?:just )?(?:got|received|saw|found|read|"
    r"woke up to|noticed|came across)\b|\b(?:worried|scared|terrified|concerned) (?:about|for)\b|\b(?:my|our) (?=\w)")
"""What a worried writer may say of themselves around another person's quoted words without it being their own
risk: "i'm worried", "i just got", "my mate". Anything else of "i", "me" or "myself" keeps the message theirs."""


NOT_A_PERSON = re.compile(r"\b(?:song|songs|lyrics?|track|album|film|movie|show|series|book|novel|poem|quote|meme|sound|episode|"
                          r"character|singer|rapper|band|line from|tiktok)\b")
"""Words around a quote that make it a song's, a film's or a book's, not a person the writer is worried about."""
SPEAKER_SWAP = {"i": "he", "i'll": "he'll", "i'm": "he's", "i'd": "he'd", "im": "he's", "ill": "he'll", "me": "him", "my": "his",
                "myself": "himself", "mine": "his", "you": "me", "u": "me", "ya": "me", "your": "my", "ur": "my", "you're": "i'm",
                "youre": "i'm", "yourself": "myself"}
"""Quoted words told back from the writer's side: the speaker as "he", the "you" spoken to as the writer."""


def their_quote(text: str) -> Optional[str]:
    """Another person's words, quoted, in a message whose writer says nothing of their own risk ("my friend texted me
    'goodbye, i'm sorry for everything'"): outside the quote no risk, and the writer only worried, told or looking
    ("my therapist asked 'do you want to die?' and i said yes" is the writer's own). None otherwise, for a song's or a
    film's words (:func:`quoted_lines`), and for a threat quoted ("he said 'i'll kill you'"): that danger is the writer's."""
    found = _quote_with_nothing_of_the_writer(text)
    return None if found is None or NOT_A_PERSON.search(found[1]) else found[0]


def quoted_lines(text: str) -> bool:
    """Whether the risk words are a song's, a film's or a book's, quoted ("what's that song that goes 'i don't wanna be
    alive'"), with nothing of the writer's own: asked about gently rather than answered as a crisis."""
    found = _quote_with_nothing_of_the_writer(text)
    return found is not None and bool(NOT_A_PERSON.search(found[1])) and bool(assess(found[0]).standing)


def _quote_with_nothing_of_the_writer(text: str) -> Optional[Tuple[str, str]]:
    """(the quoted words, the rest of the message) when the quote is someone else's, no threat to the writer, and the
    rest holds no risk and nothing of the writer but worry; None otherwise."""
    lowered = text.lower().replace("\u2019", "'")
    found = QUOTED.search(lowered)
    if found is None or WITH_THEM.search(" ".join(w for w in normalise(text) if w != ",")):
        return None
    quote = found.group("quote")
    as_told = " ".join(SPEAKER_SWAP.get(word, word) for word in quote.split())  # "i'll hurt you" as "he'll hurt me"
    if any(m.category == "danger" for m in assess(quote).standing + assess(as_told).standing):
        return None
    rest = lowered[:found.start("quote")] + " " + lowered[found.end("quote"):]
    if assess(rest).standing:
        return None
    sets = lexicon().word_sets
    words = [w for w in normalise(WRITER_FRAMES.sub(" ", rest)) if w != ","]
    if any(w in WRITER or (w == "me" and (n == 0 or words[n - 1] not in sets["told_me"])) for n, w in enumerate(words)):
        return None
    return quote, rest


def quoted_risk(text: str) -> bool:
    """Whether the message's risk words are all in another person's quoted words (:func:`their_quote`)."""
    quote = their_quote(text)
    return quote is not None and bool(assess(quote).standing)


def _only_about_them(text: str) -> bool:
    """Opens with another person ("my brother", "she") and has no "i", "my" or "myself" after that, other than in
    the words they said or wrote ("look after my dog for me"); "me" only as the one they told ("texted me")."""
    sets = lexicon().word_sets
    words = [w for w in normalise(text) if w != ","]

    def third(word: str) -> bool:
        return word in sets["third"] or word[:-1] in sets["third"]  # "my brother's"

    # "my brother", "my 15 year old daughter", "my best friend": the person within a few words of "my"
    start = next((n for n in range(1, 6) if n < len(words) and third(words[n])), None) if words[:1] == ["my"] else 0
    if start is None or not words or not third(words[start]):
        return False
    rest = words[start + 1:]
    told = lexicon().context["someone_elses_signs"].search(" ".join(rest))  # their words ("look after my dog for me") are theirs
    if told and not re.search(r"\bi (?:\S+ ){0,2}(?:told|said|texted|messaged|wrote|sent|posted)\b", " ".join(rest)):  # "i told her ..."
        joined = " ".join(rest)
        rest = (joined[:told.start()] + " " + joined[told.end():]).split()
    # "me" only as the one they wrote to ("texted me goodbye"); "my bf left me and nothing matters" is the writer's
    return not any(w in WRITER or (w == "me" and (n == 0 or rest[n - 1] not in sets["told_me"]))
                   for n, w in enumerate(rest))
