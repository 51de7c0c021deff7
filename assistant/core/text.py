"""The one input boundary: whatever arrives from a user becomes text and ids the rest can safely use.

Every channel (shell, voice, ``compassion serve``) goes through :func:`clean`, so an odd encoding, a
huge paste, invisible characters or a Rasa command such as ``/intent{...}`` is read as plain words,
never obeyed; and through :func:`conversation_id`, so any sender id can be stored and read back.
"""
from __future__ import annotations

import base64
import hashlib
import re
import unicodedata

from assistant.core.settings import MAX_MESSAGE_CHARS

MAX_SENDER_CHARS = 128
"""Longest sender id the channels accept: ids are names for conversations, not payloads."""

SLASHES = "/\u2044\u2215\u29f8\u2571\u27cb\u0337\u0338\U0001d23a"
"""A slash and the characters that look like one after NFKC (fraction, division, big solidus, box
drawing, rising diagonal, combining solidus overlays): none may lead a message, so no variant (or a
later normaliser) can turn it into Rasa's ``/intent{...}`` command syntax."""

_SURROGATE = re.compile("[\ud800-\udfff]")
_INVISIBLE_CATEGORIES = frozenset({"Cf", "Cn", "Cs"})  # zero-width, bidi and other format marks; unassigned
_BREAKING_CATEGORIES = frozenset({"Cc", "Zl", "Zp"})  # controls and line breaks: they separate words
_SPACE = re.compile(r"\s+")
_LEADING = re.compile(f"^[\\s{SLASHES}]+")
_COMMAND = re.compile(r"[^\s{@]+(?:@[0-9.]*)?(?:\{.*\})?", re.DOTALL)  # what follows the slashes in Rasa's syntax
_SAFE_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")
_MAX_STORED_ID = 255  # Rasa's SQL tracker store keeps sender ids in a VARCHAR(255)


def decode(raw: bytes) -> str:
    """Bytes from a pipe or a file, with invalid UTF-8 replaced rather than fatal."""
    return raw.decode("utf-8", errors="replace")


def _scrub(text: str) -> str:
    """Invisible characters removed (they hide words from the NLU), controls turned into spaces."""
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category in _BREAKING_CATEGORIES:
            kept.append(" ")
        elif category not in _INVISIBLE_CATEGORIES:
            kept.append(char)
    return "".join(kept)


def clean(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """Normalised, single-line, length-limited text that Rasa will not treat as a command.

    Lone surrogates (half an emoji, unencodable) and the replacement character become spaces; zero-width,
    bidirectional and control characters go; NFKC folds look-alikes (a full-width slash becomes "/").
    Rasa reads a message starting with "/" as an intent and slot injection, so the whole leading run of
    slashes, look-alike slashes and spaces is dropped and the words are understood as words. Repeated
    until nothing changes, because removing one character can let normalisation make another.
    """
    text = _SURROGATE.sub(" ", text).replace("\ufffd", " ")
    for _ in range(4):
        before = text
        text = unicodedata.normalize("NFKC", _scrub(text))
        text = _LEADING.sub("", _SPACE.sub(" ", text)).strip()
        if text == before:
            break
    if len(text) > limit:
        cut = text[:limit]
        text = (cut[: cut.rfind(" ")] if " " in cut[limit // 2 :] else cut).strip()
    return text


def command_shaped(raw: str) -> bool:
    """Whether a message was written as a Rasa command (``/intent``, ``/ /intent{...}``, ``／x``...).

    :func:`clean` already makes sure Rasa never obeys one; this lets the runtime also keep the NLU from
    reading the bare intent name as that intent ("confirm_safe" reads as confirm_safe), since no person
    says that. A crisis in the words is still a crisis.
    """
    text = _SURROGATE.sub(" ", raw)
    text = _SPACE.sub(" ", unicodedata.normalize("NFKC", _scrub(text))).strip()
    lead = _LEADING.match(text)
    return bool(lead and any(c in SLASHES for c in lead.group()) and _COMMAND.fullmatch(text[lead.end():].strip()))


def sender_problem(sender: object) -> str | None:
    """Why a sender id cannot name a conversation, in words for the caller; None when it can."""
    if not isinstance(sender, str) or not sender:
        return 'send the conversation id as a non-empty string: {"sender": "...", "message": "..."}'
    if len(sender) > MAX_SENDER_CHARS:
        return f"the sender id is longer than {MAX_SENDER_CHARS} characters"
    return None


def conversation_id(sender: str) -> str:
    """The id a conversation is stored under: plain ids as they are, any other in a reversible ASCII form.

    The database driver cannot encode a lone surrogate, and ids with ``%``, spaces or other scripts do
    not survive a URL path; ``~`` plus URL-safe base64 of the UTF-8 (surrogates kept) does, and cannot
    clash with a plain id, which never contains ``~``. An id whose encoding would not fit the database
    column is stored under a hash of it instead. The HTTP API applies the same mapping to the id in its
    path, so a conversation is read back with the sender id it was created with.
    """
    if _SAFE_ID.fullmatch(sender):
        return sender
    raw = sender.encode("utf-8", errors="surrogatepass")
    coded = "~" + base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")
    return coded if len(coded) <= _MAX_STORED_ID else "~~" + hashlib.sha256(raw).hexdigest()
