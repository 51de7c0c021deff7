"""Another person's risk, told by someone worried about them: "my friend jake texted me goodbye", "my sister said
she's going to end it tonight". Such a message goes to the friend guide (its at-risk steps first), never the crisis
answer for the writer, and never to "that's outside what I can help with"."""
from __future__ import annotations

import re
from typing import List, Optional

from assistant.safety.lexicon import assess, phrase_anywhere
from assistant.safety.lexicon_data import lexicon
from assistant.safety.words import normalise

SOMEONE_ELSES = re.compile(
    r"(?:(?<!\bwith )(?<!\band )\b(?:my|our|his|her|their)\s+(?:\w+\s+)?(?:cousin|sister|brother|friend|mate|mum|mom|mother|dad|father|son|"
    r"daughter|aunt|auntie|uncle|gran|grandma|grandmother|grandad|granddad|grandfather|nan|niece|nephew|partner|wife|"
    r"husband|boyfriend|girlfriend|bf|gf|family|kids?|children|parents|relatives?|colleague|coworker|bestie|flatmate|roommate|housemate|classmate|neighbou?r|teammate)s?|"
    r"\b(?:he|she|they|hes|shes|theyre|he's|she's|they're)\b)(?:(?!\b(?:i|i'm|im|me|we)\b)[^,.;!?])*$",
    re.IGNORECASE,
)
"""A place named after another person, with no "I" between ("my cousin in Mumbai", "she lives in Canada now");
not after "with" or "and" ("i live with my parents in Canada", "me and my boyfriend live in Australia"). Also what
another person lives through ("my best friend just got dumped", actions/answers.py)."""

WRITER = frozenset({"i", "my", "myself", "mine"})
WITH_THEM = re.compile(r"\b(?:pact|(?:do|doing|end|ending) it together|(?:go|die|going|dying) together|both of us|kill ourselves|"
                       r"(?:take|taking) (?:the kids|the children|the baby|us|me) and (?:end|kill|die|do it)|(?:come|go|die) with (?:me|us)|we both|"
                       r"i (?:feel|be feel|be feeling) the same|same here|me too|so do i|same for me|"
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


WRITER_TOO = re.compile(r"\b(?:we both|both of us|i have them too|i do the same|i did the same|i (?:have|'ve) started again|"
                        r"i (?:cut|hurt|burn) myself|i do it too)\b")
"""The writer's own self-harm beside another person's ("saw cuts on her arm. i have them too", session 26's second review),
beyond what context ``same_for_me`` reads ("me too", "same here", "so do i")."""


def found_on_them(text: str) -> bool:
    """Whether the writer found cuts or burns on another person ("i saw cuts on my daughter's arm"), and says nothing
    of their own: that person's sign, for the friend guide."""
    said = " ".join(normalise(text))
    return phrase_anywhere("found_on_them", text) and not WRITER_TOO.search(said) and not phrase_anywhere("same_for_me", text)


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
          r"teenage|step|ex|online|twitter|discord|uni|work|school|childhood|\d+ ?(?:yo|year old|yr old)) )*"
          r"(?:friend|mate|bestie|bff|sister|brother|sis|bro|mum|mom|mother|dad|father|son|"
          r"daughter|kid|child|boyfriend|girlfriend|bf|gf|partner|husband|wife|ex|fianc\w*|cousin|aunt|uncle|nan|gran|grandma|"
          r"grandad|grandpa|flatmate|roommate|housemate|colleague|coworker|classmate|student|neighbou?r|niece|nephew|stepdad|"
          r"stepmum|stepmom|stepson|stepdaughter|crush|pal|buddy)s?)")
"""Who may have said the quoted words: a person the writer could be worried about, never "it", a diary, a head, a
therapist or a doctor (whose words are about the writer) or a word that only looks like a subject ("drunk texted")."""
QUOTING_VERBS = (r"\b(?:texted|texts|messaged|messages|wrote|writes|said|says|posted|posts|sent|tweeted|dm'?e?d|commented|captioned|"
                 r"left|told|tells|goes|went)\b")
NOT_A_NAME = frozenset({
    "i", "im", "i'm", "ive", "i've", "id", "i'd", "ill", "i'll", "we", "you", "u", "it", "this", "that", "there", "here", "who",
    "what", "when", "where", "why", "how", "drunk", "high", "sober", "just", "never", "once", "twice", "always", "sometimes", "also",
    "then", "so", "and", "but", "lol", "lmao", "ok", "okay", "yeah", "yes", "no", "well", "anyway", "kinda", "sorta", "maybe",
    "even", "still", "already", "again", "today", "yesterday", "tonight", "earlier", "my", "our", "the", "a", "an", "diary",
    "journal", "note", "letter", "song", "post", "therapist", "doctor", "gp", "counsellor", "counselor", "nurse", "teacher",
    "brain", "head", "mind", "thoughts", "thought", "depression", "anxiety", "voice", "voices", "ed", "ana", "mia", "me",
    "myself", "self", "life", "mood", "heart", "body", "demons", "gut", "god", "universe", "everything", "everyone",
    "nobody", "noone", "someone", "illness", "ocd", "ptsd", "trauma", "past", "reflection", "mirror", "phone", "app"})
"""Words that can open a message before "texted me" without naming anyone ("drunk texted me back", "just sent me"), or
that name the writer's own mind ("brain told me 'just end it'", "depression texted me '...'"): never read as the name of
the person who said the quoted words."""
SPEAKS_AS_I = re.compile(r"\b(?:i|i'm|im|i've|ive|i'll|ill|i'd|my|me|myself|goodbye|bye|farewell|thank you all|thanks everyone|"
                         r"love you all|sorry for everything)\b")
"""A quote in its speaker's own first person or their farewell ("i'm sorry for everything", "thank you all, goodbye"):
after a name alone, only such words are that person's ("brain told me 'just end it'" is nobody else's; session 25's
review)."""
NAMED = r"(?!(?:{})\b)(?![a-z]+ly\b)[a-z][a-z-]{{1,15}}".format("|".join(sorted(re.escape(w) for w in NOT_A_NAME)))
"""A first name, as people type it: one lower-case word that is none of ``NOT_A_NAME`` and no adverb."""
QUOTED = re.compile(
    rf"(?:\b(?P<who>{PERSON}(?: {NAMED})?)|^\W*(?P<name>{NAMED})(?=(?: \S+){{1,2}} (?:me|us)\b))"
    r"(?: (?:just|literally|then|also|last night|this morning|earlier|once|finally|suddenly))* "
    rf"{QUOTING_VERBS}(?:(?! i )[^'\"\u201c\u2018]){{0,40}}?[\s:,(]['\"\u201c\u2018](?P<quote>.+?)['\"\u201d\u2019](?=$|[\s.,!?;:)])")
"""A person's words, quoted after them ("my friend just texted me 'goodbye, i'm sorry for everything'", "he said 'you'd be
better off if i wasn't here'", "my friend jake said ..."). A name alone opens a message only when the words were sent
to the writer ("sam texted me '...'"). An apostrophe inside a word ("i'm") never closes the quote."""
LINES_QUOTED = re.compile(
    r"^\W*(?:(?:what'?s|what is|whats|anyone know|does anyone know|do you know|who sings|name of|looking for)\W+)+(?:the |that |this |a )?"
    r"(?:song|track|film|movie|show|book|poem)s? (?:that |which )?(?:goes|says)\b[^'\"\u201c\u2018]{0,10}?[\s:,(]['\"\u201c\u2018]"
    r"(?P<quote>.+?)['\"\u201d\u2019]\W*(?:called|by|from|\?|lol|haha)?\W*$")
"""Asking which song, film or book has the words quoted, and nothing else ("what's that song that goes 'i don't wanna be
alive'"); a song the writer wrote, plays on repeat or finds relatable is never this."""
WORRIED_WORDS = frozenset({
    "i", "im", "i'm", "am", "so", "really", "very", "just", "a", "bit", "kind", "of", "getting", "worried", "scared", "terrified",
    "freaking", "out", "panicking", "concerned", "afraid", "frightened", "shaking", "shaken", "about", "for", "what", "do", "should",
    "idk", "dont", "don't", "know", "to", "how", "help", "please", "can", "me", "us", "my", "our", "the", "and", "now", "then",
    "last", "night", "this", "morning", "earlier", "today", "tonight", "on", "in", "at", "from", "with", "he", "she", "they", "him",
    "her", "them", "his", "their", "hes", "he's", "shes", "she's", "theyre", "they're", "is", "isn't", "isnt", "not", "won't", "wont",
    "hasn't", "hasnt", "haven't", "havent", "answering", "answer", "picking", "up", "replying", "replied", "answered", "reply",
    "phone", "messages", "insta", "instagram", "snap", "snapchat", "story", "twitter", "facebook", "tiktok", "whatsapp", "discord",
    "group", "chat", "dm", "dms", "text", "it", "that", "like", "omg", "oh", "god", "ok", "okay", "still",
    "been", "hours", "minutes", "since", "ago", "an", "hour", "two", "three", "reach", "can't", "cant", "get", "hold",
    # session 26's ninth user: "... then laughed it off", said of them
    "laughed", "laughing", "off", "joked", "joking", "played", "brushed", "acted", "as", "if", "nothing",
})
"""All the writer may say around another person's quoted words for them to be that person's alone: being worried,
asking what to do, that they cannot reach them, when and where it was said. Any other word ("honestly relate",
"thinking of going too", "i said yes") keeps the message the writer's as well."""
SECOND_PERSON = re.compile(r"\b(?:you|u|ya|your|ur|you'?re|youre|you'?d|you'?ll|you'?ve|yourself|kys)\b")
"""Words in a quote that say it was said to the writer."""
SPEAKER_SWAP = {"i": "he", "i'll": "he'll", "i'm": "he's", "i'd": "he'd", "im": "he's", "ill": "he'll", "me": "him", "my": "his",
                "myself": "himself", "mine": "his", "you": "i", "u": "i", "ya": "i", "your": "my", "ur": "my", "you're": "i'm",
                "youre": "i'm", "you'd": "i'd", "you'll": "i'll", "you've": "i've", "yourself": "myself", "kys": "kms"}
"""Quoted words told back from the writer's side: the speaker as "he", the "you" spoken to as the writer."""


def their_quote(text: str) -> Optional[str]:
    """Another person's words, quoted, in a message that says nothing else but worry ("my friend texted me 'goodbye,
    i'm sorry for everything'", "... and now she's not answering, what do i do"): None when the writer says anything
    more (``WORRIED_WORDS``), is in it with them (a pact), or the words were said to the writer and put them at risk."""
    found = QUOTED.search(_plain(text))
    if found is None or said_to_the_writer(text) is not None:
        return None
    who = "who" if found.group("who") else "name"
    if who == "name" and not SPEAKS_AS_I.search(found.group("quote")):
        return None  # "brain told me 'just end it tonight'": nobody else speaks
    plain = _plain(text)
    rest = plain[:found.start(who)] + " " + plain[found.end(who):found.start("quote")] + " " + plain[found.end("quote"):]
    rest_words = re.findall(r"[a-z0-9]+(?:'[a-z]+)?", re.sub(rf"\b{PERSON}(?:'s|'re|'ll|'d)?\b", " ", re.sub(QUOTING_VERBS, " ", rest)))
    if any(word not in WORRIED_WORDS for word in rest_words) or WITH_THEM.search(" ".join(normalise(text))):
        return None
    return found.group("quote")


def quoted_lines(text: str) -> bool:
    """Whether the message only asks which song, film or book has the risk words quoted ("what's that song that goes 'i
    don't wanna be alive'"): asked about, not a crisis."""
    found = LINES_QUOTED.search(_plain(text))
    return found is not None and bool(assess(found.group("quote")).standing) and said_to_the_writer(text) is None


def said_to_the_writer(text: str) -> Optional[str]:
    """The category of the risk in a person's words quoted as said to the writer ("you", "your", "kys" in them), read from
    the writer's side ("my dad said 'if you tell anyone i'll kill you'": danger; "he said 'you should just kill yourself'":
    ideation); None for words with no "you" ("bye forever, thanks for everything" is the speaker's own goodbye)."""
    found = QUOTED.search(_plain(text))
    if found is None or not SECOND_PERSON.search(found.group("quote")):
        return None
    before = {(m.name, m.category) for m in assess(found.group("quote")).standing}
    told = [m for m in assess(_as_told(found.group("quote"))).standing if (m.name, m.category) not in before]
    return told[0].category if told else None


def _plain(text: str) -> str:
    return text.lower().replace("\u2019", "'").replace("\u2018", "'")


def _as_told(quote: str) -> str:
    """Quoted words as the writer would tell them: "i'll hurt you" as "he'll hurt me"."""
    return " ".join(SPEAKER_SWAP.get(word, word) for word in quote.split())


NOT_DESCRIBING = frozenset({"to", "for", "with", "from", "about", "of", "at", "in", "on", "is", "was", "are", "were", "be", "been",
                            "has", "had", "have", "says", "said", "texted", "wrote", "sent", "posted", "and", "but", "since", "when",
                            "that", "who", "i", "me", "my"})
"""Words that end what describes the person after "my" ("my twitter friend", "my 15 year old daughter"): "my letter to
my sister ..." is the writer's letter, "my life is over since ..." the writer's life."""


WHERE_THE_WRITER_IS = re.compile(
    r"\bi (?:be|am) (?:at work|at school|at uni|away|far away|abroad|not there|not with (?:him|her|them)|on my way|in another "
    r"(?:city|country)|\d+ (?:mile|miles|km|hour|hours) away|so (?:worried|scared)|(?:worried|scared|terrified|panicking|freaking out))\b|"
    r"\bi (?:promise|promised|swore) (?:not to tell|to keep it)(?: (?:anyone|anybody|a secret))?\b|"
    r"\bi (?:live in|be based in|am based in|be from|am from) (?!(?:hell|fear|pain|misery|constant|a|an|the|my|terror|dread|"
    r"denial|agony|silence|shame)\b)[a-z]+\b")
"""Where a worried writer is, or what they promised, beside another person's risk ("my roommate said he's going to end it
all tonight and i'm at work", "... i live in ireland"), in normalised words: not the writer's own risk."""


def _person_opening(words: List[str]) -> Optional[int]:
    """Where the person the message opens with stands: "my brother", "my 15 year old daughter", "my twitter friend" (the
    words after "my" that describe them, up to one of ``NOT_DESCRIBING``), "she"; None when it opens otherwise."""
    sets = lexicon().word_sets

    def third(word: str) -> bool:
        return word in sets["third"] or word[:-1] in sets["third"]  # "my brother's"

    start = 0
    if words[:1] == ["my"]:
        start = 1
        while start < min(len(words) - 1, 4) and not third(words[start]) and words[start] not in NOT_DESCRIBING:
            start += 1
    return start if start < len(words) and third(words[start]) else None


def _only_about_them(text: str) -> bool:
    """Opens with another person ("my brother", "she") and has no "i", "my" or "myself" after that, other than in
    the words they said or wrote ("look after my dog for me"); "me" only as the one they told ("texted me")."""
    sets = lexicon().word_sets
    words = [w for w in normalise(text) if w != ","]
    start = _person_opening(words)
    if start is None:
        return False
    rest = words[start + 1:]
    told = lexicon().context["someone_elses_signs"].search(" ".join(rest))  # their words ("look after my dog for me") are theirs
    if told and not re.search(r"\bi (?:\S+ ){0,2}(?:told|said|texted|messaged|wrote|sent|posted)\b", " ".join(rest)):  # "i told her ..."
        joined = " ".join(rest)
        rest = (joined[:told.start()] + " " + joined[told.end():]).split()
    rest = WHERE_THE_WRITER_IS.sub(" ", " ".join(rest)).split()  # "... and i'm at work": where they are, not their risk
    # "me" only as the one they wrote to ("texted me goodbye"); "my bf left me and nothing matters" is the writer's
    return not any(w in WRITER or (w == "me" and (n == 0 or rest[n - 1] not in sets["told_me"]))
                   for n, w in enumerate(rest))
