"""A long message's sentences, each read as a message of its own beside the whole.

A long post's vector and counts are averages over everything it says: one sentence about
ending things, late in two hundred words about work and family, moves the whole post's crisis
score very little. So the tokenizer splits a long message into its sentences (child
:class:`Message` objects holding the parent's own tokens), the featurizers and the classifier
process those children too, and the crisis detector reads each sentence's crisis score.
Nothing else in the pipeline sees them, and they never reach the parse output.

Only messages of ``min_words`` words or more (counted as the crisis detector counts them, by
spaces) are split, and only at run time: a short message is one thought already, and training
examples are featurized whole, as ever.
"""
from __future__ import annotations

import math
import re
from typing import List

from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

PARTS = "sentence_parts"
"""Where a long message keeps its sentences (a list of messages; not an output property)."""

QUESTION = "sentence_is_question"
"""Set on a sentence that ends with a question mark: what else a long message asks (``nlu.also_asked``)."""

MAX_PARTS = 30
"""More sentences than this are read in groups of neighbours, so a 20,000-character message costs what 30 sentences do."""

_BOUNDARY = re.compile(r"[.!?]")
"""What, between two words, ends a sentence. New lines are spaces by now, and an ellipsis is three full stops
(``core.text.clean``); a full stop with no space after it ("tired.i") stays inside one spaCy token, unsplit."""


def split(message: Message, min_words: int) -> None:
    """Give ``message`` its sentences as child messages when it has ``min_words`` words or more and two sentences."""
    tokens: List[Token] = message.get(TOKENS_NAMES[TEXT]) or []
    text = message.get(TEXT)
    if not tokens or not isinstance(text, str) or len(text.split()) < min_words:
        return
    if len(text.lower()) != len(text):  # spaCy read the lower-cased text ("İ" lowers to two characters): offsets differ
        return
    sentences: List[List[Token]] = [[tokens[0]]]
    for before, token in zip(tokens, tokens[1:]):
        if _BOUNDARY.search(text[before.end : token.start]):
            sentences.append([])
        sentences[-1].append(token)
    if len(sentences) > MAX_PARTS:
        size = math.ceil(len(sentences) / MAX_PARTS)
        sentences = [[t for s in sentences[i : i + size] for t in s] for i in range(0, len(sentences), size)]
    if len(sentences) > 1:
        message.set(PARTS, [_part(text, words) for words in sentences])


def _part(text: str, tokens: List[Token]) -> Message:
    """One sentence: its words as written (punctuation inside it kept), and the parent's tokens for it."""
    part = Message(data={TEXT: text[tokens[0].start : tokens[-1].end]})
    part.set(TOKENS_NAMES[TEXT], tokens)
    end = _BOUNDARY.search(text, tokens[-1].end)
    part.set(QUESTION, bool(end and end.group(0) == "?"))
    return part


def parts_of(message: Message) -> List[Message]:
    """The sentences :func:`split` gave the message (none for a short one)."""
    return list(message.get(PARTS) or [])


def with_parts(messages: List[Message]) -> List[Message]:
    """The messages followed by all their sentences, for a component to process in one batch."""
    return [*messages, *(part for message in messages for part in parts_of(message))]
