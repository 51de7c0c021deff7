"""spaCy's tokens without the punctuation marks, so that a full stop does not change what a message means.

With punctuation as tokens, the word and character features learned that "." belongs to
crisis: the long crisis posts in the training data are written in sentences, while short
messages rarely carry a full stop. "That would be nice." then scored crisis 0.97, and adding a
full stop to every held-out message turned 51 of 333 non-crisis messages into crisis answers.
Tokens made only of punctuation characters (Unicode category P*) are dropped, in training and
at run time alike; emoji and other symbols stay. A message of nothing but punctuation keeps its
tokens, so that it still has features.

At run time a long message (``sentence_parts_min_words`` words or more) is also split into its
sentences (:mod:`assistant.nlu.sentence_parts`), which the featurizers and the classifier read too.
"""
from __future__ import annotations

import unicodedata
from typing import Any, Dict, List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.spacy_tokenizer import SpacyTokenizer
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.training_data.message import Message

from assistant.nlu.sentence_parts import split


def is_punctuation(text: str) -> bool:
    return bool(text) and all(unicodedata.category(char).startswith("P") for char in text)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class WordTokenizer(SpacyTokenizer):
    """``SpacyTokenizer`` that leaves out punctuation-only tokens and splits long messages into sentences."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        """``sentence_parts_min_words``: the length from which a message is also read sentence by sentence (0: never)."""
        return {**SpacyTokenizer.get_default_config(), "sentence_parts_min_words": 0}

    def process(self, messages: List[Message]) -> List[Message]:
        """Tokens, as Rasa's, and at run time only (never in training) a long message's sentences."""
        super().process(messages)
        min_words = int(self._config["sentence_parts_min_words"])
        if min_words > 0:
            for message in messages:
                split(message, min_words)
        return messages

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        tokens = super().tokenize(message, attribute)
        words = [token for token in tokens if not is_punctuation(token.text)]
        return words or tokens
