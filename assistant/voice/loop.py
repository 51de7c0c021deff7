"""The voice conversation: audio in, the same runtime as the text shell, speech out.

Recognition errors must not hide a crisis. The recogniser's best guess is only one reading of
the audio; when it carries no risk, the other hypotheses of its n-best list are checked too, and
a crisis reading is acted on when it is plausible (see :func:`choose_hypothesis`). The crisis
detector in the pipeline then answers it, as on every channel, after a short note that the
assistant may have misheard.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

from assistant.core.replies import Reply, Turn, exercise_steps
from assistant.core.runtime import CRISIS_INTENTS, Engine
from assistant.core.text import clean
from assistant.safety import CRISIS_INTENT, SAFE_INTENT
from assistant.safety.lexicon import assess
from assistant.voice.recognizer import Recognizer, Transcript
from assistant.voice.speaker import Speaker

PAUSE_BETWEEN_MESSAGES = 0.6
CRISIS = CRISIS_INTENT
AGREEING_HYPOTHESES = 2
"""How many n-best hypotheses the classifier must read as crisis before one is acted on.

One garbled hypothesis alone ("i'd later") sometimes reads as crisis; two that agree rarely do.
Measured on espeak-ng and flite speech (6 voices): one was enough for 96% recall with 13% false
alarms, two give 95% with 8%. A hypothesis with a crisis-lexicon match counts on its own.
"""
SECOND_OPINION_GATE = 0.1
"""A second decoder's hypotheses (:meth:`Transcript.second_opinion`, decoded only then) are looked at only when the classifier
gives the primary reading at least this risk score, and count only through the crisis lexicon. Chosen on
tests/crisis spoken by five voices (150 crisis, 131 other recordings) with Moonshine and the domain
decoder: recall 0.893 -> 0.940 with 3 more false alarms (13 of 131, each a message about suicide whose
negation the domain decoder lost), against 0.973 and 21 more when every hypothesis counted; then checked
on the held-out corpus: 0.928 -> 0.972, no false alarms either way."""
NOT_UNDERSTOOD = "nlu_fallback"
BEST_READING_ONLY = frozenset({NOT_UNDERSTOOD, SAFE_INTENT, "deny"}) | CRISIS_INTENTS
"""Readings never taken from an alternative in place of a not-understood best one: a crisis reading has its
own rules above, and saying you are safe, or no to the question about suicide, must be what was heard best."""
RESCORE_MARGIN = 0.1
"""An alternative reading replaces the best one when NLU is this much surer of what it means (n-best
rescoring: the recogniser proposes, the meaning decides among its proposals). Never when the best reading
is an answer (:data:`ANSWERS`) or has a risk score of :data:`SECOND_OPINION_GATE` or more, and a crisis
reading, "no" and "I'm safe" are never taken this way (crisis readings have their own rules above).
Chosen on tests/nlu/fresh.yml spoken by the corpus voices (246 recordings, transcripts cached): spoken
accuracy 0.902 -> 0.923 with margins 0 to 0.1 (0.915 at 0.2-0.3; fewer beams gave less, eight no more);
then the held-out corpus, looked at only after: 0.852 -> 0.873 (before the guards for answers and risk)."""
ANSWERS = frozenset({SAFE_INTENT, "deny", "affirm"})
"""Best readings that are never swapped for an alternative: "yes" to the question about suicide is a crisis,
"no" and "I'm safe" end it, so each must be what was heard best."""
NEVER_RESCORED_TO = BEST_READING_ONLY | {"other_language"}
MAYBE_MISHEARD = Reply(text="I may have misheard you, but in case I heard you right:")


def as_typed(text: str) -> str:
    """Recognised words written as people type them, which is what the classifier and the crisis lexicon
    learnt from: lower case, no punctuation, Moonshine's "to-night", "every one" and "3 p.m." as "tonight",
    "everyone" and "3pm".

    Recognisers punctuate and capitalise ("He is outside the door, and I am scared. I' hurt me."); the
    typed messages the models were trained on mostly do neither."""
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"\bto-(day|night|morrow)\b", r"to\1", text)
    text = re.sub(r"\b(any|every|some) (one|body|thing)\b", r"\1\2", text)
    text = re.sub(r"\b(\d{1,2}(?::\d\d)?) ?([ap])\.? ?m\b\.?", r"\1\2m", text)
    text = re.sub(r"[^\w':]+", " ", text)
    text = re.sub(r"(?<!\d):|:(?!\d)", " ", text)
    text = re.sub(r"(?<!\w)'+|'+(?!\w)", " ", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class Hearing:
    """What the assistant takes a recording to say, and how sure it can be."""

    heard: str
    from_alternative: bool
    """The words are an n-best alternative, chosen because they read as crisis (one chosen for its clearer
    meaning is not flagged: it is answered without "I may have misheard you")."""
    crisis: bool
    intent: Optional[str]
    """What NLU reads the words as (crisis whenever ``crisis`` is set)."""
    confidence: float
    """Share of the other hypotheses (the best one among them when an alternative was chosen) that NLU
    reads as the same intent as the words chosen (1.0 when there are none). Measured on synthetic speech: turns under 0.4 had the right intent 24% of
    the time, the rest 85%, so it is a fair signal for asking "Did you say ...?"."""


def choose_hypothesis(transcript: Transcript, intent_of: Callable[[str], Optional[str]],
                      risk_of: Optional[Callable[[str], float]] = None,
                      confidence_of: Optional[Callable[[str], float]] = None) -> Hearing:
    """The words to act on (written :func:`as_typed`): the best hypothesis, unless a plausible alternative
    reads as crisis, or (given ``confidence_of``, NLU's confidence in a text's intent) NLU is clearly surer
    of an alternative's meaning. ``risk_of`` (the classifier's risk score of a text) gates the second
    decoder's list; without it the list is always looked at."""
    text = as_typed(transcript.text)
    if not text:
        return Hearing("", False, False, None, 0.0)
    best = intent_of(text)
    if best in CRISIS_INTENTS or assess(text).risk:  # the direct question (crisis_check) too
        return Hearing(text, False, True, best if best in CRISIS_INTENTS else CRISIS, 1.0)
    others = [a for a in dict.fromkeys(map(as_typed, transcript.alternatives)) if a and a != text]
    second: List[str] = []
    if (transcript.crisis_checks or transcript.later) and (risk_of is None or risk_of(text) >= SECOND_OPINION_GATE):
        second = [a for a in map(as_typed, transcript.second_opinion()) if a and a != text]
    flagged = next((a for a in dict.fromkeys(others + second) if assess(a).risk), None)
    if flagged:
        return Hearing(flagged, True, True, CRISIS, 1.0)
    intents = {a: intent_of(a) for a in others}
    readings = [a for a in others if intents[a] in CRISIS_INTENTS]
    if len(readings) >= AGREEING_HYPOTHESES:
        return Hearing(readings[0], True, True, CRISIS, 1.0)
    intents[text] = best
    chosen = text
    if confidence_of is not None and risk_of is not None and best not in ANSWERS and risk_of(text) < SECOND_OPINION_GATE:
        chosen = _surest(text, others, intents, confidence_of)
    if intents[chosen] == NOT_UNDERSTOOD:
        # A mishearing often leaves the best hypothesis meaningless while a near one makes sense.
        chosen = next((a for a in others if intents[a] is not None and intents[a] not in BEST_READING_ONLY), chosen)
    rest = [a for a in [text, *others] if a != chosen]
    agreement = sum(intents[a] == intents[chosen] for a in rest) / len(rest) if rest else 1.0
    return Hearing(chosen, False, False, intents[chosen], agreement)


def _surest(text: str, others: List[str], intents: Dict[str, Optional[str]], confidence_of: Callable[[str], float]) -> str:
    """The best reading, or the alternative whose meaning NLU is surest of when clearly surer than of the best's.

    The pipeline gives "not understood" and "another language" a confidence of 1.0 that is no classifier's:
    a not-understood best reading counts as 0, and neither is ever taken from an alternative."""
    floor = (0.0 if intents[text] == NOT_UNDERSTOOD else confidence_of(text)) + RESCORE_MARGIN
    candidates = [(confidence_of(a), a) for a in others if intents[a] is not None and intents[a] not in NEVER_RESCORED_TO]
    surest = max(candidates, default=(0.0, text), key=lambda item: item[0])
    return surest[1] if surest[0] >= floor else text


@dataclass(frozen=True)
class VoiceTurn:
    transcript: Transcript
    heard: str
    risk_from_alternative: bool
    turn: Optional[Turn]


class VoiceSession:
    """Recognise, answer through the engine, and turn the answer into speech."""

    def __init__(self, engine: Engine, recognizer: Recognizer, sender: str, speaker: Optional[Speaker] = None) -> None:
        self.engine = engine
        self.recognizer = recognizer
        self.sender = sender
        self.speaker = speaker

    def hear(self, pcm: bytes) -> Transcript:
        """What the recogniser makes of 16 kHz mono audio."""
        return self.recognizer.transcribe_pcm(pcm)

    def understand(self, transcript: Transcript) -> Hearing:
        """Which reading of the recording to answer; each reading is parsed once however often it is weighed."""
        parses: Dict[str, Dict[str, Any]] = {}

        def parse(text: str) -> Dict[str, Any]:
            if text not in parses:
                parses[text] = self.engine.parse(text) if clean(text) else {}
            return parses[text]

        return choose_by_parses(transcript, parse)

    def answer(self, transcript: Transcript, hearing: Optional[Hearing] = None) -> VoiceTurn:
        """Answer the words heard (work out ``hearing`` first when the caller has not)."""
        hearing = hearing or self.understand(transcript)
        heard = hearing.heard
        turn = self.engine.handle(heard, self.sender) if heard else None
        if turn and hearing.from_alternative:
            turn = Turn(user=turn.user, intent=turn.intent, confidence=turn.confidence, replies=[MAYBE_MISHEARD] + turn.replies)
        return VoiceTurn(transcript, heard, hearing.from_alternative, turn)

    def answer_file(self, path: Path) -> VoiceTurn:
        return self.answer(self.recognizer.transcribe(path))

    def speech(self, turn: Turn) -> List[Tuple[bytes, float]]:
        """Every clip to play for a turn with the pause after it; exercise steps keep their pauses."""
        if self.speaker is None:
            return []
        return [(self.speaker.synthesise(text), pause) for text, pause, _ in spoken_lines(turn)]


def choose_by_parses(transcript: Transcript, parse_of: Callable[[str], Dict[str, Any]]) -> Hearing:
    """:func:`choose_hypothesis` with each reading's intent, risk score and confidence read from its parse
    (an empty one for a reading that was not parsed), as every voice channel does."""
    return choose_hypothesis(transcript, lambda text: (parse_of(text).get("intent") or {}).get("name"),
                             lambda text: risk_in(parse_of(text)),
                             lambda text: float((parse_of(text).get("intent") or {}).get("confidence") or 0.0))


def risk_in(parse: Dict[str, Any]) -> float:
    """The classifier's probability that a parsed text carries risk (crisis or the direct question), as the
    crisis detector wrote it into the parse (0 when there is none)."""
    return float((parse.get("crisis") or {}).get("score") or 0.0)


def spoken_lines(turn: Turn) -> List[Tuple[str, float, Optional[str]]]:
    """What a turn says aloud, in order: (text, pause after it, what to show as it is spoken).

    Replies' own text is printed before speaking starts, so it shows nothing; exercise steps and closings
    are shown as they are spoken."""
    lines: List[Tuple[str, float, Optional[str]]] = []
    for reply in turn.replies:
        if reply.text:
            lines.append((reply.text, PAUSE_BETWEEN_MESSAGES, None))
        if reply.exercise:
            steps, closing = exercise_steps(reply.exercise)
            lines += [(step.text, step.seconds, step.text) for step in steps]
            if closing:
                lines.append((closing, PAUSE_BETWEEN_MESSAGES, closing))
    return lines


def speech_labels(turn: Turn) -> List[Optional[str]]:
    """What to show as each clip of :meth:`VoiceSession.speech` is spoken."""
    return [label for _, _, label in spoken_lines(turn)]
