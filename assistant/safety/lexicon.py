"""Crisis language, organised by what it means, shared by the NLU component and the voice n-best check.

Text is normalised (lower case, contractions and common typos expanded) and lemmatised with
spaCy's lookup table, so one pattern covers "wants to die", "wanted to die" and "wnat to die".
Each pattern is a short regular expression over that lemma stream, grouped by risk category;
``W`` stands for "up to N other words", so patterns keep their meaning in long, rambling text.

A match can be explained away only by its own clause: negation ("I'm not suicidal"), someone
else as the subject ("she wants to die"), an idiom ("die of embarrassment"), or risk that is
clearly past and resolved ("years ago ... now I'm well"). Patterns whose meaning already
contains a negation ("I don't want to live") are never cancelled by it.
"""
from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Pattern, Tuple


def W(n: int) -> str:
    """Up to ``n`` words in between."""
    return rf"(?:\S+ ){{0,{n}}}"


# Word lists used inside patterns.
SELF = r"(?:myself|my self|meself|my own self)"
KILL = r"(?:kill|end|off|unalive|top|hang|shoot|drown|poison|suffocate|stab|gas)"
HARM = r"(?:cut|burn|hurt|harm|scratch|punch|hit|bruise|starve|slice|carve|bang)"
PILLS = r"(?:pill|tablet|paracetamol|tylenol|acetaminophen|ibuprofen|aspirin|med|meds|medication|medicine|sleeping pill|antidepressant|insulin|painkiller|prescription|codeine|oxy|xanax)"
AMOUNT = r"(?:all|whole|entire|bunch|handful|lot|load|every|too many|box|bottle|pack|packet|strip|double|triple|\d+)"
OTHER = r"(?:he|she|they|him|her|them|partner|husband|wife|boyfriend|girlfriend|bf|gf|ex|dad|father|mum|mom|mother|stepdad|stepmom|stepmum|brother|sister|son|daughter|uncle|housemate|flatmate|roommate|someone|somebody|man|guy)"
ALIVE = r"(?:live|be alive|exist|be here|be around|wake up|go on|carry on|keep go|keep live|be in this world|be on this earth)"

PATTERNS: Dict[str, List[Tuple[str, str]]] = {
    # (name, regex). Names are recorded in the parse data as the reason for a decision.
    "ideation": [
        ("kill_self", rf"\b{KILL} {W(2)}{SELF}\b"),
        ("take_own_life", rf"\b(?:end|take|kill) {W(1)}my (?:own )?life\b"),
        ("suicide_first_person", rf"\b(?:suicidal|suicide)\b"),
        ("want_to_die", rf"\b(?:want|wish|long|need|ready|plan|go) (?:to|i could|i can) die\b(?! (?:of|for|laugh|lol|haha))"),
        ("wish_dead", r"\bwish (?:i be|i was|i were|to be|i could be) dead\b"),
        ("better_dead", r"\b(?:be|feel) better (?:off )?dead\b"),
        ("end_it_all", r"\bend (?:it all|everything|it tonight|it now|it soon|things for good|it for good|my suffering|the pain for good)\b"),
        ("not_want_alive", rf"\b(?:not|never) {W(1)}(?:want|wish|plan|intend) to {ALIVE}\b"),
        ("want_not_exist", r"\bwant to (?:disappear forever|not exist|stop exist|stop live|stop be alive|be dead|sleep forever|go to sleep and never wake up|never wake up|vanish forever)\b"),
        ("never_wake_up", r"\b(?:sleep|go to sleep|close my eye) and (?:never|not) wake up\b"),
        ("no_reason_to_live", rf"\bno (?:reason|point|purpose|will) (?:to|in|for) (?:live|living|be alive|go on|carry on|keep go|stay|exist)\b"),
        ("cannot_go_on", r"\bcan not (?:go on|keep go|keep live|carry on) (?:anymore|any more|live|like this any|much longer)\b"),
        ("no_way_out", r"\b(?:no way out|only way out|not see a way out|only option left be to|permanent solution)\b"),
        ("kms", r"\b(?:kms|kmsl|unalive|catch the bus)\b"),
        ("thoughts_of_death", r"\b(?:think|thought|fantasi[sz]e|dream) about (?:end it|end my life|kill myself|not be here|not wake up|suicide|die by)\b"),
    ],
    "self_harm": [
        ("harm_self", rf"\b{HARM} {W(2)}{SELF}\b"),
        ("self_harm_words", r"\b(?:self harm|selfharm|self injur\S*|sh scar|sh again)\b"),
        ("cut_body", r"\b(?:cut|slice|burn|scratch) (?:my|me) (?:arm|wrist|leg|thigh|skin|stomach|hip)\b"),
        ("bleed", r"\b(?:until|till|til) (?:it|they|i) (?:bleed|bled)\b"),
        ("relapse", r"\brelapse\S* (?:\S+ ){0,6}(?:harm|cut|sh|burn)\b|\b(?:harm|cut|sh|burn)\S* (?:\S+ ){0,6}relapse\b"),
        ("urge_to_harm", r"\burge\S* to (?:cut|hurt|harm|burn)\b"),
    ],
    "plan_means": [
        ("stockpile", rf"\b(?:stockpile|save|collect|hoard|stash|keep|have|get|buy) {W(3)}(?:up )?{W(2)}{PILLS}s? {W(4)}(?:for when|for the end|to end|to take all|enough to|so i can)\b"),
        ("saved_pills", rf"\b(?:stockpile|hoard|stash|save up)\S* {W(3)}{PILLS}s?\b"),
        ("how_many_pills", rf"\bhow (?:many|much) {W(2)}{PILLS}s? {W(3)}(?:to die|would it take|to kill|be lethal|be fatal|to overdose|to not wake up|before)\b"),
        ("lethal", r"\b(?:lethal|fatal|deadly) (?:dose|amount)\b"),
        ("painless_way", r"\b(?:painless|quick|easy|quickest|easiest|best) (?:way|method) to (?:die|go|end it|do it|kill)\b"),
        ("rope", r"\b(?:buy|bought|get|got|have|tie|tied) (?:a |the |some )?(?:rope|noose)\b"),
        ("jump", r"\b(?:jump|throw myself) (?:off|from|in front of|into|under) (?:a |the |that |this )?(?:bridge|building|roof|cliff|balcony|train|bus|car|truck|river|tower|car park|carpark)\b"),
        ("which_bridge", r"\b(?:which|the) bridge (?:i|to|be high)\b|\bbridge high enough\b"),
        ("step_in_front", r"\b(?:step|walk|drive) (?:in front of|into) (?:a |the )?(?:train|bus|truck|lorry|traffic|wall|tree)\b"),
        ("weapon_self", rf"\b(?:gun|knife|blade|razor) {W(5)}(?:to|on|at) {SELF}\b"),
    ],
    "preparation": [
        ("letters", r"\b(?:write|wrote|written|leave|left) (?:\S+ ){0,3}(?:goodbye|suicide|final|last) (?:letter|note|message|video)\b|\b(?:write|wrote|written) (?:\S+ ){0,1}letters? (?:to|for) (?:everyone|my family|all|each of)\b"),
        ("give_away", r"\bgive\S* (?:away )?(?:all |most )?(?:my |of my )?(?:thing|stuff|belonging|possession|clothe|game|book)s? away\b|\bgive\S* away (?:all |most )?(?:my|of my)\b"),
        ("rehome_pet", r"\b(?:give|rehome|found a home for|find a home for|leave) (?:\S+ ){0,1}my (?:cat|dog|pet|rabbit|hamster)s? (?:to|with|a new home)\b"),
        ("affairs", r"\b(?:sort|write|update|make) (?:out |up )?my (?:will|affair|finance|password)s? (?:so|for when|before)\b"),
        ("when_gone", r"\b(?:when|after|once) i (?:be|am) (?:gone|dead|no longer here|not here)\b"),
    ],
    "goodbye": [
        ("this_is_goodbye", r"\b(?:this be|it be) (?:my )?(?:goodbye|the end|my last (?:message|post|night|day)|farewell)\b"),
        ("goodbye_forever", r"\b(?:goodbye|bye) (?:forever|world|everyone for good|for the last time|cruel world)\b|\bfinal goodbye\b"),
        ("not_around", r"\bnot be (?:around|here|alive) (?:after|tomorrow|much longer|by|for much longer|to see|anymore)\b"),
        ("last_time", r"\blast time (?:you|anyone|any of you) (?:will )?(?:hear|see) (?:from )?me\b|\bby the time (?:you|anyone|someone) (?:read|see|find)\b"),
        ("tell_love", r"\btell my (?:mum|mom|dad|mother|father|family|kid|son|daughter|sister|brother|wife|husband|partner)s? (?:that )?i (?:love|be sorry)\b"),
    ],
    "burden": [
        ("better_off_without", r"\b(?:better|well|happy|happier|easy|easier) (?:off )?without me\b"),
        ("better_if_gone", r"\b(?:better|well|happy|happier|easy|easier) (?:off )?(?:for everyone |for them |for my \S+ )?if i (?:be|was|were|just) (?:\S+ ){0,1}(?:gone|dead|not here|not around|disappear|die|never born)\b"),
        ("burden", r"\b(?:be|feel like|feel) (?:such |just |only |nothing but |a huge |a massive )?(?:a |an )?(?:\S+ )?burden\b"),
        ("not_missed", r"\b(?:no one|nobody|noone|not one) (?:would|will|gonna|go to) (?:\S+ ){0,1}(?:miss me|notice|care) (?:if i|when i)\b|\b(?:would|will) not (?:even )?(?:notice|miss me|care) if i (?:be|was|were|die|disappear)\b"),
        ("world_without_me", r"\bworld (?:would be |be )?(?:better|well) (?:off )?without me\b"),
        ("if_not_around", r"\b(?:fine|better|happier|easier|manage|cope|ok|okay|move on|relieved|notice|care|miss me|happy|good) (?:\S+ ){0,4}if i (?:\S+ ){0,1}(?:be|was|were) (?:not|no longer|gone|dead)\b|\bif i (?:\S+ ){0,1}(?:be|was|were) (?:not (?:around|here|alive)|no longer (?:around|here|alive)|gone|dead) (?:anymore|any more|forever|for good)\b"),
    ],
    "overdose": [
        ("took_amount", rf"\b(?:take|swallow|down|neck|have take) {W(2)}{AMOUNT} {W(3)}{PILLS}s?\b"),
        ("took_pills_with", rf"\b(?:take|swallow) {W(3)}{PILLS}s? (?:\S+ ){{0,3}}(?:with (?:vodka|alcohol|wine|drink)|to sleep forever|so i do not wake)\b"),
        ("overdose_first_person", r"\bi (?:\S+ ){0,2}(?:overdose|od|odd)\b(?! on (?:coffee|caffeine|sugar|chocolate|netflix|tv|anime|game|work))|\btake an overdose\b"),
    ],
    "danger": [
        ("being_hurt", rf"\b{OTHER} (?:\S+ ){{0,2}}(?:hit|beat|choke|strangle|punch|kick|slap|attack|rape|shove|push|throttle)\S* me\b(?! up)"),
        ("hurting_now", rf"\b{OTHER} (?:be|keep|start|have be) (?:hurt|hit|beat|choke|threaten|attack)\S* me\b"),
        ("will_kill_me", rf"\b(?:scare|afraid|terrified|worry|fear|think)\S* (?:that )?{OTHER} (?:will|go to|be go to|might|could|gonna) (?:kill|hurt|seriously hurt) me\b"),
        ("threaten_to_kill", r"\bthreaten\S* to (?:kill|hurt|stab|shoot) me\b"),
        ("not_safe", r"\b(?:i be|i feel|i do) not (?:feel )?safe (?:at home|here|with him|with her|with them|right now|in my house|now)\b|\bnot safe at home\b"),
        ("trapped", rf"\b{OTHER} (?:\S+ ){{0,2}}(?:lock|trap)\S* me (?:in|inside)\b|\b{OTHER} (?:\S+ ){{0,3}}(?:have|with|holding|hold) a (?:knife|gun|weapon)\b"),
    ],
}

# Patterns whose meaning already carries the negation: never cancelled by "not".
NEGATION_IS_RISK = {"if_not_around", "not_want_alive", "cannot_go_on", "no_reason_to_live", "no_way_out", "not_around", "not_missed", "not_safe"}
# Patterns that are first person by construction ("myself", "me", "my life").
INHERENTLY_FIRST_PERSON = {
    "kill_self", "take_own_life", "harm_self", "cut_body", "weapon_self", "better_off_without", "better_if_gone",
    "world_without_me", "if_not_around", "not_missed", "being_hurt", "hurting_now", "will_kill_me", "threaten_to_kill", "trapped",
    "tell_love", "kms", "overdose_first_person", "rehome_pet", "affairs", "when_gone",
}

NEGATORS = {"not", "never", "no", "nothing", "nobody", "none", "without"}
FIRST = {"i", "me", "my", "myself", "mine"}
THIRD = {
    "he", "she", "they", "him", "her", "them", "his", "hers", "their", "friend", "mate", "bestie", "brother", "sister",
    "mum", "mom", "mother", "dad", "father", "son", "daughter", "partner", "boyfriend", "girlfriend", "husband", "wife",
    "colleague", "coworker", "someone", "somebody", "people", "person", "kid", "child", "student", "patient", "client",
    "teen", "teenager", "flatmate", "roommate", "housemate", "cousin", "aunt", "uncle", "grandma", "grandad", "grandpa",
    "you", "anyone", "everyone", "character", "he's", "she's",
}
# A question about the topic rather than the self ("why do people self harm").
TOPIC_QUESTION = re.compile(r"^(?:what|why|how|is|are|do|does|can|should|where|when|which|who)\b(?!.*\b(?:i|me|my|myself)\b)")
PAST = re.compile(r"\b(?:use to|used to|year ago|years ago|month ago|months ago|in the past|back then|back in|as a teen|as a teenager|as a kid|when i be (?:young|younger|little|a teen|a teenager|at school|in school|at uni)|at school|at uni|in my teen|in my twenties|a long time ago|once upon|last decade|ago)\b")
RECOVERED = re.compile(r"\b(?:now i be (?:fine|well|ok|okay|good|great|happy|do well|do good|do great|do much better|in a good place|safe)|i be (?:do )?(?:much |so much |a lot )?better now|do (?:well|great|good|much better|so much better|ok|okay) now|recover\S*|year clean|years clean|clean for|in a good place|glad i be still here|glad i stay|got through it|get through it|on the other side|happy now|life be good now|thankfully|since then i)\b")
PRESENT_RISK_MARKERS = re.compile(r"\b(?:again|relapse|lately|recently|right now|tonight|today|these day|this week|still|anymore|any more|keep|start|back)\b")

IDIOM_AFTER = re.compile(r"^(?:of|for|laugh|lol|haha|lmao|inside|a little)\b")


@lru_cache(maxsize=1)
def _lemma_table() -> Dict[str, str]:
    import spacy_lookups_data

    path = Path(spacy_lookups_data.__file__).parent / "data" / "en_lemma_lookup.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        table = json.load(handle)
    # Lookup lemmas that would hide meaning here ("dying" -> "dye", "better" -> "well").
    table.update({"dying": "die", "died": "die", "dies": "die", "better": "better", "worse": "worse", "best": "best",
                  "left": "left", "saw": "see", "lying": "lie", "meds": "meds", "burden": "burden", "gone": "gone",
                  "clothes": "clothe", "ended": "end", "ending": "end", "kms": "kms", "cutting": "cut", "leaving": "leave"})
    return table


CONTRACTIONS = {
    "im": "i am", "ive": "i have", "id": "i would", "ill": "i will", "dont": "do not", "doesnt": "does not",
    "didnt": "did not", "cant": "can not", "cannot": "can not", "wont": "will not", "wouldnt": "would not",
    "couldnt": "could not", "shouldnt": "should not", "isnt": "is not", "arent": "are not", "wasnt": "was not",
    "werent": "were not", "havent": "have not", "hasnt": "has not", "hadnt": "had not", "aint": "am not",
    "wanna": "want to", "gonna": "going to", "gotta": "got to", "u": "you", "ur": "your", "rn": "right now",
    "idk": "i do not know", "imma": "i am going to", "tryna": "trying to", "cuz": "because", "bc": "because",
    "youre": "you are", "theyre": "they are", "hes": "he is", "shes": "she is", "thats": "that is",
    "theres": "there is", "whats": "what is", "noone": "no one", "n": "and", "2": "to", "ppl": "people",
    # Typos and spellings seen in real messages.
    "sucidal": "suicidal", "suicidial": "suicidal", "suicdal": "suicidal", "suicidel": "suicidal", "sucidial": "suicidal",
    "suacidal": "suicidal", "suisidal": "suicidal", "suicidale": "suicidal", "sucide": "suicide", "suicde": "suicide",
    "suiside": "suicide", "suicied": "suicide", "wnat": "want", "wamt": "want", "wnt": "want", "wan": "want",
    "kil": "kill", "kll": "kill", "myslef": "myself", "myslf": "myself", "mysef": "myself", "myelf": "myself",
    "meself": "myself", "mysefl": "myself", "dye": "die", "diee": "die", "ded": "dead", "alrdy": "already",
    "anymore": "anymore", "nomore": "no more", "selfharm": "self harm", "self-harm": "self harm", "sh'd": "self harmed",
    "od'd": "overdosed", "odd": "overdosed", "oding": "overdosing", "unalived": "unalive", "burdon": "burden",
    "bc": "because", "tmrw": "tomorrow", "tonite": "tonight", "pils": "pills", "pilss": "pills",
}
# "ill" is far more often "sick" than "I will" in this domain.
CONTRACTIONS.pop("ill")
CONTRACTIONS.pop("odd")


def normalise(text: str) -> List[str]:
    """Lower-cased words with contractions and typos expanded (apostrophes dropped first)."""
    text = text.lower().replace("’", "'").replace("‘", "'")
    text = re.sub(r"\b(\w+)'(\w+)\b", r"\1\2", text)
    text = text.replace("-", " ")
    words = re.findall(r"[a-z0-9]+", text)
    out: List[str] = []
    for word in words:
        out.extend(CONTRACTIONS.get(word, word).split())
    return out


def lemmatise(words: List[str]) -> List[str]:
    table = _lemma_table()
    return [table.get(word, word) for word in words]


@dataclass(frozen=True)
class Match:
    category: str
    name: str
    span: str
    cancelled_by: Optional[str] = None


@dataclass
class Assessment:
    """What the lexicon found: risk matches that stand, and ones explained away (with why)."""

    matches: List[Match] = field(default_factory=list)

    @property
    def risk(self) -> bool:
        return any(m.cancelled_by is None for m in self.matches)

    @property
    def standing(self) -> List[Match]:
        return [m for m in self.matches if m.cancelled_by is None]

    @property
    def explained_away(self) -> bool:
        """Risk words were present but every one was cancelled (negated, someone else, past, idiom)."""
        return bool(self.matches) and not self.risk

    @property
    def category(self) -> Optional[str]:
        return self.standing[0].category if self.risk else None

    def reason(self) -> str:
        if self.risk:
            first = self.standing[0]
            return f"{first.category}:{first.name}"
        return ",".join(sorted({f"{m.name}({m.cancelled_by})" for m in self.matches}))


@lru_cache(maxsize=1)
def _compiled() -> List[Tuple[str, str, Pattern[str]]]:
    return [(category, name, re.compile(rx)) for category, pats in PATTERNS.items() for name, rx in pats]


CLAUSE_BREAK = re.compile(r"[.!?;\n]+|\bbut\b|\bhowever\b|\balthough\b|\bthough\b")


def _clauses(text: str) -> List[str]:
    return [c for c in (" ".join(lemmatise(normalise(part))) for part in CLAUSE_BREAK.split(text)) if c]


def _subject_is_other(before: str) -> bool:
    """Whether the nearest person word before a match is someone else rather than the writer."""
    for word in reversed(before.split()[-8:]):
        if word in FIRST:
            return False
        if word in THIRD:
            return True
    return False


def _negated(before: str) -> bool:
    return any(word in NEGATORS for word in before.split()[-3:])


def assess(text: str) -> Assessment:
    """Find risk language in ``text`` and decide, clause by clause, whether each match stands."""
    result = Assessment()
    whole = " ".join(lemmatise(normalise(text)))
    past_and_well = bool(RECOVERED.search(whole))
    for clause in _clauses(text):
        for category, name, pattern in _compiled():
            for found in pattern.finditer(clause):
                before = clause[: found.start()]
                after = clause[found.end():].strip()
                reason = None
                if name not in NEGATION_IS_RISK and _negated(before):
                    reason = "negated"
                elif name not in INHERENTLY_FIRST_PERSON and _subject_is_other(before):
                    reason = "someone else"
                elif name in {"suicide_first_person"} and (TOPIC_QUESTION.search(clause) or not re.search(r"\b(?:i|me|my)\b", before + " " + after)):
                    reason = "about the topic"
                elif category == "ideation" and IDIOM_AFTER.search(after):
                    reason = "idiom"
                elif past_and_well and PAST.search(clause) and not PRESENT_RISK_MARKERS.search(clause):
                    reason = "past and resolved"
                result.matches.append(Match(category, name, found.group(0), reason))
    return result
