"""A pretrained sentence encoder (all-MiniLM-L6-v2), run with ONNX Runtime.

The intent classifier and the crisis decision learn from about 3,000 lines the team wrote;
word and character counts alone cannot tell that "i can't see any way out except dying"
means what the training data says in other words. A sentence encoder trained on a billion
sentence pairs gives each message a 384-number summary of its meaning.

The weights are read as data from a registry package (``requirements-models.lock``); no code
of that package runs and nothing is downloaded. The safetensors file and the tokenizer are
checked against the sha256 sums in ``data/models/encoder.yml`` before a single weight is used,
and a missing or different file is an :class:`EncoderUnavailable` error that says what to
install; there is no fallback to a weaker detector. The forward pass is a plain BERT encoder
(6 layers, 12 heads, exact GELU), run by ONNX Runtime (``encoder_graph.py``), with mean pooling
and unit length, as the model was trained; optionally with the token vectors' maximum beside the mean,
which keeps one strong phrase that the mean of a whole tweet dilutes.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import struct
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import numpy as np
import onnxruntime
import yaml

from assistant.core.errors import SetupError
from assistant.nlu import encoder_graph, wordpiece
from assistant.nlu.wordpiece import WordPiece

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / "data" / "models" / "encoder.yml"
CACHE = ROOT / "build" / "encoder"
GRAPH_FILE = "encoder.onnx"
DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


class EncoderUnavailable(SetupError):
    """The encoder's files are missing or are not the pinned ones."""


@dataclass(frozen=True)
class Manifest:
    """Where the weights come from and what they must hash to (``data/models/encoder.yml``)."""

    name: str
    package: str
    install: str
    archive: str
    files: Dict[str, str]
    max_tokens: int
    layers: int
    heads: int

    @classmethod
    def load(cls, path: Path = MANIFEST) -> "Manifest":
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        missing = {"name", "package", "install", "archive", "files", "max_tokens", "layers", "heads"} - set(spec)
        if missing:
            raise ValueError(f"{path}: missing {', '.join(sorted(missing))}")
        if set(spec["files"]) != {"weights", "tokenizer"}:
            raise ValueError(f"{path}: files must name 'weights' and 'tokenizer'")
        return cls(**{k: spec[k] for k in cls.__dataclass_fields__})


def _package_archive(manifest: Manifest) -> Path:
    spec = importlib.util.find_spec(manifest.package)  # finds the files without running the package's code
    if spec is None or not spec.submodule_search_locations:
        raise EncoderUnavailable(f"the sentence encoder {manifest.name} is not installed: install it with `{manifest.install}` (make setup does)")
    return Path(list(spec.submodule_search_locations)[0]) / manifest.archive


def _read_checked(manifest: Manifest, cache: Path = CACHE, roles: Sequence[str] = ("weights", "tokenizer")) -> Dict[str, bytes]:
    """The weight and tokenizer files' bytes, each checked against its pinned sha256.

    The package ships them in a zip; unzipping takes over a second, so the first load keeps
    the checked files under ``build/encoder/`` and later loads read (and check) those.
    """
    out: Dict[str, bytes] = {}
    for role in roles:
        member, digest = manifest.files[role].split("@sha256:")
        kept = cache / manifest.name / member
        data = kept.read_bytes() if kept.is_file() else b""
        if hashlib.sha256(data).hexdigest() != digest:
            data = _from_archive(manifest, member, digest)
            try:
                _keep(kept, data)
            except OSError:  # a read-only checkout still works, a little slower
                log.warning("could not keep the unpacked encoder file under %s", cache)
        out[role] = data
    return out


def _keep(path: Path, data: bytes) -> None:
    """Write whole or not at all: processes that load at once (tests, a server and its shell) may race."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_bytes(data)
    os.replace(partial, path)


def identity(manifest: Manifest) -> Tuple[str, str]:
    """What the encoder's vectors depend on: the pinned weights' sha256, and a sha256 of everything else that shapes
    them: the code that tokenises, builds and runs the graph, the pinned tokenizer and the ONNX Runtime release
    that quantises it (a change to any must retrain what learnt from the vectors)."""
    shaping = [Path(str(module.__file__)).read_bytes() for module in (encoder_graph, wordpiece)] + [Path(__file__).read_bytes()]
    shaping += [manifest.files["tokenizer"].encode(), onnxruntime.__version__.encode()]
    return manifest.files["weights"].split("@sha256:")[1], hashlib.sha256(b"\0".join(shaping)).hexdigest()


def _graph(manifest: Manifest, cache: Path) -> bytes:
    """The encoder's ONNX model: built from the checked weights once, then read back.

    Building it reads the 90 MB weights and holds them in three forms at once; the kept model
    is used only while its record says it was built from the pinned weights by this builder and
    its own sha256 still matches, so a changed pin, builder or file is rebuilt, never trusted.
    """
    made_from, builder = identity(manifest)
    kept = cache / manifest.name / GRAPH_FILE
    record = kept.with_name(GRAPH_FILE + ".sha256")
    try:
        model = kept.read_bytes()
        if record.read_text(encoding="utf-8").split() == [made_from, builder, hashlib.sha256(model).hexdigest()]:
            return model
    except OSError:
        pass
    model = encoder_graph.serialised(read_safetensors(_read_checked(manifest, cache, ("weights",))["weights"]), manifest.layers, manifest.heads)
    try:
        _keep(kept, model)
        _keep(record, f"{made_from} {builder} {hashlib.sha256(model).hexdigest()}\n".encode())
    except OSError:
        log.warning("could not keep the encoder's graph under %s", cache)
    return model


def _from_archive(manifest: Manifest, member: str, digest: str) -> bytes:
    archive = _package_archive(manifest)
    try:
        with zipfile.ZipFile(archive) as bundle:
            data = bundle.read(member)
    except (OSError, KeyError, zipfile.BadZipFile) as error:
        raise EncoderUnavailable(
            f"cannot read {member} of the sentence encoder {manifest.name} ({type(error).__name__}): reinstall it with `{manifest.install}`"
        ) from None
    if hashlib.sha256(data).hexdigest() != digest:
        raise EncoderUnavailable(f"{archive}:{member} is not the pinned {manifest.name} file (its sha256 differs): reinstall it with `{manifest.install}`")
    return data


def read_safetensors(data: bytes) -> Dict[str, np.ndarray]:
    """Tensors from a safetensors file: a JSON header of names, dtypes and byte ranges, then raw data."""
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + size])
    body = memoryview(data)[8 + size :]
    tensors: Dict[str, np.ndarray] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        array = np.frombuffer(body[start:end], dtype=DTYPES[info["dtype"]]).reshape(info["shape"])
        tensors[name] = array.astype(np.float32) if array.dtype == np.float16 else array
    return tensors


class SentenceEncoder:
    """Messages -> unit-length meaning vectors (384 numbers; 768 with the maximum beside the mean)."""

    def __init__(self, model: bytes, tokenizer: WordPiece, manifest: Manifest) -> None:
        self.tokenizer = tokenizer
        self.manifest = manifest
        self.session = encoder_graph.session(model)
        self.dimension = int(self.session.get_outputs()[0].shape[2])

    @classmethod
    def load(cls, manifest_path: Path = MANIFEST, cache: Path = CACHE) -> "SentenceEncoder":
        manifest = Manifest.load(manifest_path)
        tokenizer = WordPiece.from_tokenizer_json(_read_checked(manifest, cache, ("tokenizer",))["tokenizer"])
        return cls(_graph(manifest, cache), tokenizer, manifest)

    def _windows(self, text: str) -> List[List[int]]:
        """[CLS] ids [SEP] windows of at most ``max_tokens``: a long post is read whole, in parts."""
        ids = self.tokenizer.encode(text)
        size = self.manifest.max_tokens - 2
        chunks = [ids[i : i + size] for i in range(0, len(ids), size)] or [[]]
        return [[self.tokenizer.cls_id, *chunk, self.tokenizer.sep_id] for chunk in chunks]

    def _forward(self, window: List[int]) -> np.ndarray:
        """The last layer's token vectors for one window.

        One window per run: the quantised graph scales each run's values by their own range, so in a batch a
        message's vector would depend on the other messages (and their padding) beside it, and training
        would see other vectors than a conversation does.
        """
        ids = np.asarray([window], dtype=np.int64)
        positions = np.arange(len(window), dtype=np.int64)[None, :]
        blocked = np.zeros((1, 1, 1, len(window)), dtype=np.float32)
        (hidden,) = self.session.run(["hidden"], {"ids": ids, "positions": positions, "blocked": blocked})
        return hidden[0]

    def encode(self, texts: Sequence[str], with_max: bool = False) -> np.ndarray:
        """One unit-length row per text: the mean of its token vectors over all its windows, and with ``with_max``
        beside it their largest value in each dimension (each half unit length, the row scaled back to one)."""
        sums = np.zeros((len(texts), self.dimension), dtype=np.float32)
        peaks = np.full((len(texts), self.dimension), -np.inf, dtype=np.float32)
        for row, text in enumerate(texts):
            for window in self._windows(text):
                hidden = self._forward(window)
                sums[row] += hidden.sum(0)
                peaks[row] = np.maximum(peaks[row], hidden.max(0))
        if not with_max:
            return _unit(sums)
        return np.hstack([_unit(sums), _unit(peaks)]) * np.float32(0.5 ** 0.5)  # float32, as the mean alone


def _unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)
