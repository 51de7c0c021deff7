"""Builds the project's own spaCy pipeline.

spaCy's pretrained English pipelines cannot be downloaded here, so the project
assembles one from parts that ship on the package index: a blank English
tokenizer, the lookup lemmatizer from ``spacy-lookups-data`` and an entity ruler
whose patterns come from ``data/lexicon/entities.yml``.
"""
from __future__ import annotations

import hashlib
import json
import logging
import shutil
from pathlib import Path
from typing import Any, Dict, List

import yaml

from assistant.core import settings

log = logging.getLogger(__name__)

LEXICON = settings.ROOT / "data" / "lexicon" / "entities.yml"
_STAMP = "compassion-fingerprint.txt"


def load_lexicon(path: Path = LEXICON) -> Dict[str, Dict[str, List[str]]]:
    """Entity -> canonical value -> phrases, as written in the lexicon file."""
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


SELF_MARK = "self: "
SELF_FORMS = ("i'm in", "im in", "i am in", "i live in", "we live in", "i'm from", "im from", "i am from", "we're in",
              "we are in", "living in", "based in", "i'm currently in", "im currently in", "i'm staying in", "im staying in")
"""A phrase marked ``self: `` ("self: ohio") counts only in these forms, said of oneself: a US state or city named in
passing ("a message from austin", "my ex moved to hawaii") must not replace the country someone gave (session 28)."""


def phrase_forms(phrase: str) -> List[str]:
    """The phrase itself, or for one marked ``self: ``, each of the forms that say it of oneself."""
    if not phrase.startswith(SELF_MARK):
        return [phrase]
    name = phrase[len(SELF_MARK):].strip()
    return [f"{form} {name}" for form in SELF_FORMS]


def ruler_patterns(lexicon: Dict[str, Dict[str, List[str]]], nlp: Any) -> List[Dict[str, Any]]:
    """Token patterns on lower-cased text, labelled by entity, with the value as pattern id."""
    patterns = []
    for label, values in lexicon.items():
        for value, phrases in values.items():
            for phrase in (form for written in phrases for form in phrase_forms(str(written))):
                tokens = [t.lower_ for t in nlp.make_doc(str(phrase))]
                patterns.append(
                    {"label": label, "id": value, "pattern": [{"LOWER": t} for t in tokens]}
                )
    return patterns


def fingerprint() -> str:
    """Changes whenever the lexicon or this builder changes."""
    digest = hashlib.sha256(LEXICON.read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:16]


def is_current(target: Path) -> bool:
    stamp = target / _STAMP
    return stamp.exists() and stamp.read_text().strip() == fingerprint()


def build(target: Path | None = None, force: bool = False) -> Path:
    """Write the pipeline to ``target`` unless an identical one is already there."""
    import spacy

    target = target or settings.load().spacy_dir
    if not force and is_current(target):
        log.info("spaCy pipeline is up to date at %s", target)
        return target
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": None})
    nlp.initialize()  # loads the lemma tables; it also clears the ruler, so patterns come after
    ruler.add_patterns(ruler_patterns(load_lexicon(), nlp))  # type: ignore[attr-defined]
    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.meta["name"] = "compassion"
    nlp.meta["description"] = "Blank English + lookup lemmatizer + entity ruler (built by the project)"
    nlp.to_disk(target)
    (target / _STAMP).write_text(fingerprint())
    log.info("built spaCy pipeline at %s (%s)", target, json.dumps(nlp.pipe_names))
    return target
