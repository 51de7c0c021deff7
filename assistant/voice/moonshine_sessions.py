"""ONNX Runtime sessions for Moonshine's two models: folded once (see :mod:`assistant.voice.moonshine_model`),
kept under ``build/moonshine/`` with a record of what they came from, and loaded from there while it holds.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Optional

from assistant.voice import moonshine_model


def session_options(threads: int):
    """Sequential, with all of ORT's graph optimisations: basic ones alone load 0.5 s sooner but
    decoded beckett.wav in 1.0 s instead of 0.36 s here."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    return options


def release_freed_memory() -> None:
    """Hand the heap that loading freed back to the system (glibc keeps it otherwise): the assistant
    loads next, and without this its memory would sit on top of Moonshine's load-time peak."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: nothing to hand back this way


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_session(ort_file: bytes, threads: int, keep: Optional[Path] = None):
    """An ONNX Runtime session for one ``.ort`` file's bytes, with its weights folded (see the module doc).

    Folding takes a while, so the folded model is kept at ``keep`` with a record of what it was made
    from, by which code, and its own sha256; a later load that finds all three unchanged reads it
    directly (about 2 s sooner here; the load-time memory peak is ONNX Runtime's and stays), and
    anything else is folded again, never trusted. Not being able to keep it only costs the next load.
    """
    import onnxruntime

    record = keep.with_name(keep.name + ".sha256") if keep else None
    made_from = f"{hashlib.sha256(ort_file).hexdigest()} {hashlib.sha256(Path(moonshine_model.__file__).read_bytes()).hexdigest()}"
    if keep and record:
        try:
            if record.read_text(encoding="utf-8").strip() == f"{made_from} {_sha256_of(keep)}":
                return onnxruntime.InferenceSession(str(keep), session_options(threads), providers=["CPUExecutionProvider"])
        except OSError:
            pass
    session = _fold_and_load(ort_file, threads, keep)
    if keep and record and keep.exists():
        try:
            record.write_text(f"{made_from} {_sha256_of(keep)}\n", encoding="utf-8")
        except OSError:
            pass  # no record: the next load folds again
    return session


def _fold_and_load(ort_file: bytes, threads: int, keep: Optional[Path]):
    import onnxruntime

    convert = onnxruntime.SessionOptions()
    convert.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_DISABLE_ALL
    convert.log_severity_level = 3
    convert.add_session_config_entry("session.load_model_format", "ORT")
    with tempfile.TemporaryDirectory(prefix="compassion-moonshine-") as folder:
        convert.optimized_model_filepath = str(Path(folder) / "model.onnx")
        onnxruntime.InferenceSession(ort_file, convert, providers=["CPUExecutionProvider"])
        folded = _writable_beside(keep) or Path(folder) / "folded.onnx"
        try:
            moonshine_model.write_folded(Path(convert.optimized_model_filepath).read_bytes(), folded)
            session = onnxruntime.InferenceSession(str(folded), session_options(threads), providers=["CPUExecutionProvider"])
            if keep and folded.parent == keep.parent:
                os.replace(folded, keep)
        finally:
            folded.unlink(missing_ok=True)  # a partial file left by a failed fold
        return session


def _writable_beside(keep: Optional[Path]) -> Optional[Path]:
    """Where to write a folded model that is to be kept (None when its folder cannot be written: then it
    is folded in a temporary folder and the next load folds again)."""
    if keep is None:
        return None
    try:
        keep.parent.mkdir(parents=True, exist_ok=True)
        partial = keep.with_name(f"{keep.name}.{os.getpid()}.partial")  # two processes may fold at once
        partial.touch()
        return partial
    except OSError:
        return None
