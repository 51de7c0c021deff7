"""Training that happens only when something it depends on changed.

The model's file name carries a fingerprint of everything that shapes it (data,
domain, config, the spaCy pipeline, the custom components, the Rasa version), so
an up-to-date model is found by name and nothing is retrained.
"""
from __future__ import annotations

import hashlib
import logging
import time
from pathlib import Path
from typing import Iterable, List

from assistant.core import settings as settings_module
from assistant.nlu import spacy_pipeline

log = logging.getLogger(__name__)

TRAINING_DIRS = ("data/nlu", "data/rules", "data/stories")


def training_files(root: Path) -> List[str]:
    return [str(root / d) for d in TRAINING_DIRS]


def _inputs(root: Path) -> Iterable[Path]:
    yield root / "domain.yml"
    yield root / "config.yml"
    for folder in TRAINING_DIRS + ("assistant/nlu",):
        yield from sorted(p for p in (root / folder).rglob("*") if p.is_file() and p.suffix in {".yml", ".yaml", ".py"})


def fingerprint(root: Path) -> str:
    import rasa

    digest = hashlib.sha256(rasa.__version__.encode())
    digest.update(spacy_pipeline.fingerprint().encode())
    for path in _inputs(root):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def model_name(root: Path) -> str:
    return f"compassion-{fingerprint(root)}"


def train(force: bool = False) -> Path:
    """Build the spaCy pipeline and train the Rasa model, skipping what is up to date."""
    config = settings_module.load()
    root = config.root
    spacy_pipeline.build(config.spacy_dir)
    from assistant.voice import language_model

    language_model.build()  # the speech recogniser's domain model, from the same sentences
    name = model_name(root)
    target = config.models_dir / f"{name}.tar.gz"
    if target.exists() and not force:
        target.touch()  # the newest model is the one the runtime loads
        log.info("model %s is up to date", target.name)
        return target
    from rasa.model_training import train as rasa_train

    started = time.monotonic()
    config.models_dir.mkdir(parents=True, exist_ok=True)
    result = rasa_train(
        domain=str(root / "domain.yml"),
        config=str(root / "config.yml"),
        training_files=training_files(root),
        output=str(config.models_dir),
        fixed_model_name=name,
        force_training=force,
    )
    if result.code != 0 or not result.model:
        raise RuntimeError(f"training failed (code {result.code})")
    log.warning("trained %s in %.0f s", Path(result.model).name, time.monotonic() - started)
    for old in config.models_dir.glob("compassion-*.tar.gz"):
        if old != target:
            old.unlink()  # older fingerprints can never be current again
    return Path(result.model)
