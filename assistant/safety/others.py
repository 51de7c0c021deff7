"""Another person's risk, told by someone worried about them: "my friend jake texted me goodbye", "my sister said
she's going to end it tonight". Such a message goes to the friend guide (its at-risk steps first), never the crisis
answer for the writer, and never to "that's outside what I can help with"."""
from __future__ import annotations

import re

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


def _only_about_them(text: str) -> bool:
    """Opens with another person ("my brother", "she") and has no "i", "my" or "myself" after that, other than in
    the words they said or wrote ("look after my dog for me"); "me" only as the one they told ("texted me")."""
    sets = lexicon().word_sets
    words = [w for w in normalise(text) if w != ","]
    opening = words[1:2] if words[:1] == ["my"] else words[:1]
    if not opening or (opening[0] not in sets["third"] and opening[0][:-1] not in sets["third"]):  # "my brother's"
        return False
    rest = words[len(opening) + (1 if words[:1] == ["my"] else 0):]
    told = lexicon().context["someone_elses_signs"].search(" ".join(rest))  # their words ("look after my dog for me") are theirs
    if told and not re.search(r"\bi (?:\S+ ){0,2}(?:told|said|texted|messaged|wrote|sent|posted)\b", " ".join(rest)):  # "i told her ..."
        joined = " ".join(rest)
        rest = (joined[:told.start()] + " " + joined[told.end():]).split()
    # "me" only as the one they wrote to ("texted me goodbye"); "my bf left me and nothing matters" is the writer's
    return not any(w in WRITER or (w == "me" and (n == 0 or rest[n - 1] not in sets["told_me"]))
                   for n, w in enumerate(rest))
