"""A long message's sentences, each read as a message of its own beside the whole.

A long post's vector and counts are averages over everything it says: one sentence about
ending things, late in two hundred words about work and family, moves the whole post's crisis
score very little. So the tokenizer splits a long message into its sentences (child
:class:`Message` objects holding the parent's own tokens), the featurizers and the classifier
process those children too, and the crisis detector reads each sentence's crisis score.
Nothing else in the pipeline sees them, and they never reach the parse output.

Only messages of ``min_words`` words or more are split, and only at run time: a short message
is one thought already, and training examples are featurized whole, as ever.
"""
from __future__ import annotations

import re
from typing import List

from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

PARTS = "sentence_parts"
"""Where a long message keeps its sentences (a list of messages; not an output property)."""

_BOUNDARY = re.compile(r"[.!?…]|\n")
"""What, between two words, ends a sentence: a full stop, a question or exclamation mark, an ellipsis, a new line."""


def split(message: Message, min_words: int) -> None:
    """Give ``message`` its sentences as child messages when it has ``min_words`` words or more and two sentences."""
    tokens: List[Token] = message.get(TOKENS_NAMES[TEXT]) or []
    text = message.get(TEXT)
    if len(tokens) < min_words or not isinstance(text, str):
        return
    sentences: List[List[Token]] = [[tokens[0]]]
    for before, token in zip(tokens, tokens[1:]):
        if _BOUNDARY.search(text[before.end : token.start]):
            sentences.append([])
        sentences[-1].append(token)
    if len(sentences) > 1:
        message.set(PARTS, [_part(text, words) for words in sentences])


def _part(text: str, tokens: List[Token]) -> Message:
    part = Message(data={TEXT: text[tokens[0].start : tokens[-1].end]})
    part.set(TOKENS_NAMES[TEXT], tokens)
    return part


def parts_of(message: Message) -> List[Message]:
    """The sentences :func:`split` gave the message (none for a short one)."""
    return list(message.get(PARTS) or [])


def with_parts(messages: List[Message]) -> List[Message]:
    """The messages followed by all their sentences, for a component to process in one batch."""
    return [*messages, *(part for message in messages for part in parts_of(message))]
