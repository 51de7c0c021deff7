"""BERT's uncased WordPiece tokenizer, read from a Hugging Face ``tokenizer.json``.

The sentence encoder needs the exact token ids it was trained with. This is the same
algorithm as the ``tokenizers`` library's BertNormalizer + BertPreTokenizer + WordPiece
(lower case, accents stripped, punctuation split off, greedy longest match with ``##``
continuations), in a few lines of Python, so no native wheel is needed.
"""
from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from typing import Dict, List

MAX_WORD_CHARS = 100


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(code: int) -> bool:
    return (
        0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x2A6DF or 0x2A700 <= code <= 0x2B73F
        or 0x2B740 <= code <= 0x2B81F or 0x2B820 <= code <= 0x2CEAF or 0xF900 <= code <= 0xFAFF or 0x2F800 <= code <= 0x2FA1F
    )


def normalise(text: str) -> str:
    """BertNormalizer: control characters dropped, whitespace unified, CJK spaced, lower case, no accents."""
    out: List[str] = []
    for char in text:
        code = ord(char)
        if code == 0 or code == 0xFFFD or (unicodedata.category(char).startswith("C") and char not in "\t\n\r"):
            continue
        if char.isspace():
            out.append(" ")
        elif _is_cjk(code):
            out.append(f" {char} ")
        else:
            out.append(char)
    lowered = unicodedata.normalize("NFD", "".join(out).lower())
    return "".join(c for c in lowered if unicodedata.category(c) != "Mn")


def pre_tokenise(text: str) -> List[str]:
    """BertPreTokenizer: split on whitespace, and every punctuation mark is a word of its own."""
    words: List[str] = []
    for chunk in text.split():
        current = ""
        for char in chunk:
            if _is_punctuation(char):
                if current:
                    words.append(current)
                    current = ""
                words.append(char)
            else:
                current += char
        if current:
            words.append(current)
    return words


class WordPiece:
    """Text -> token ids, as the encoder was trained to read them."""

    def __init__(self, vocab: Dict[str, int], unk: str = "[UNK]") -> None:
        self.vocab = vocab
        self.unk_id = vocab[unk]
        self.cls_id = vocab["[CLS]"]
        self.sep_id = vocab["[SEP]"]

    @classmethod
    def from_tokenizer_json(cls, raw: bytes) -> "WordPiece":
        spec = json.loads(raw)
        model = spec["model"]
        if model.get("type") != "WordPiece" or model.get("continuing_subword_prefix", "##") != "##":
            raise ValueError("tokenizer.json is not a BERT WordPiece tokenizer")
        return cls(dict(model["vocab"]), model.get("unk_token", "[UNK]"))

    def encode(self, text: str) -> List[int]:
        """Token ids without [CLS]/[SEP]."""
        ids: List[int] = []
        for word in pre_tokenise(normalise(text)):
            ids.extend(_word_ids(self, word))
        return ids


@lru_cache(maxsize=50_000)
def _word_ids(tokenizer: WordPiece, word: str) -> tuple:
    """Greedy longest-match-first pieces of one word (cached: people reuse their words)."""
    if len(word) > MAX_WORD_CHARS:
        return (tokenizer.unk_id,)
    pieces: List[int] = []
    start = 0
    while start < len(word):
        end = len(word)
        found = None
        while start < end:
            piece = word[start:end] if start == 0 else "##" + word[start:end]
            if piece in tokenizer.vocab:
                found = tokenizer.vocab[piece]
                break
            end -= 1
        if found is None:
            return (tokenizer.unk_id,)
        pieces.append(found)
        start = end
    return tuple(pieces)
