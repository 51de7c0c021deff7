"""Moonshine base's model files: found, checked and made fast to run, with none of their package's code.

The official ``moonshine-cpp`` wheel (Moonshine AI, MIT), pinned by hash in ``requirements-models.lock``,
carries the English base model as two ONNX Runtime ``.ort`` files and a vocabulary. Its Python module and
its own ``libonnxruntime.so`` are never loaded (that library stops with "Illegal instruction" on CPUs it
was not built for); the files are read as data, each checked against the sha256 pinned here, and run on
the ``onnxruntime`` from ``requirements.lock``.

The ``.ort`` files keep every weight as int8 with a scale and offset, and dequantise it again on every
call: 81 Cast/Mul/Add chains in the decoder, about 140 ms of a 170 ms decoding step here. ONNX Runtime
does not fold constants in ``.ort`` files, so each file is written out once as ONNX (ORT can save the
graph it loaded), the chains are computed here with numpy and stored as float weights, and the result
is loaded from memory with ORT's own optimisations: a step then takes about 17 ms.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple

from assistant.core.errors import SetupError

PACKAGE = "moonshine-cpp"
VERSION = "0.1.4"
FOLDER_IN_PACKAGE = "moonshine_cpp/models/base-en"
MODEL_VARIABLE = "COMPASSION_MOONSHINE_MODEL"
FILES: Dict[str, str] = {
    "encoder_model.ort": "9d1a19e044cbf89a207723d1adb667de89a5671a1e3e611b8ebe721b2c31219c",
    "decoder_model_merged.ort": "370e0c1f161d68dc1c2264c1a82024fb123380da3b73f47f05531d1e8d3308c3",
    "tokenizer.bin": "04670d78994d030185c3dd843c60591788fed0a56cc6750747bd326825f13ca9",
}
"""sha256 of each file as moonshine-cpp 0.1.4 ships it."""
INSTALL = ".venv/bin/pip install --force-reinstall --no-deps --require-hashes -r requirements-models.lock"
LAYERS, KV_HEADS, HEAD_SIZE = 8, 8, 52
"""Moonshine base's decoder: 8 layers, each with 8 key/value heads of 52 values."""
START, END = 1, 2
"""Token ids that open and close every transcript."""
_WORD_START = "\u2581".encode()
"""SentencePiece marks a word's first piece with U+2581; it is read as a space."""


def model_dir() -> Optional[Path]:
    """Where the model files are: ``$COMPASSION_MOONSHINE_MODEL``, else inside the installed wheel."""
    if os.environ.get(MODEL_VARIABLE):
        return Path(os.environ[MODEL_VARIABLE]).expanduser()
    from importlib import metadata

    try:
        distribution = metadata.distribution(PACKAGE)  # package metadata only: nothing of it is imported
    except metadata.PackageNotFoundError:
        return None
    return Path(str(distribution.locate_file(FOLDER_IN_PACKAGE)))


def read_checked(folder: Optional[Path] = None) -> Dict[str, bytes]:
    """Each model file's bytes, after its sha256 matched; else a one-line error saying what to install.

    The bytes checked are the bytes loaded, so a file cannot change between the check and its use.
    """
    folder = folder or model_dir()
    if folder is None:
        raise SetupError(f"the moonshine engine needs its model, from the {PACKAGE} {VERSION} wheel, which is not "
                         f"installed: {INSTALL}")
    contents = {}
    for name, expected in FILES.items():
        path = folder / name
        try:
            data = path.read_bytes()
        except OSError:
            raise SetupError(f"the moonshine model file {path} is missing: {INSTALL}") from None
        if hashlib.sha256(data).hexdigest() != expected:
            raise SetupError(f"the moonshine model file {path} is damaged (its sha256 is not {PACKAGE} {VERSION}'s): "
                             f"{INSTALL}")
        contents[name] = data
    return contents


class Vocabulary:
    """Token ids to text, from ``tokenizer.bin``: each entry is one length byte and that many bytes.

    Ids 3-258 stand for single bytes (SentencePiece's byte fallback), so a character the vocabulary
    lacks still decodes; ids 0-2 are the unknown, start and end markers and are never shown.
    """

    def __init__(self, data: bytes) -> None:
        self.pieces: List[bytes] = []
        position = 0
        while position < len(data):
            length = data[position]
            self.pieces.append(data[position + 1:position + 1 + length])
            position += 1 + length

    def decode(self, ids: List[int]) -> str:
        raw = b"".join(self.pieces[i] for i in ids if 2 < i < len(self.pieces))
        return raw.replace(_WORD_START, b" ").decode("utf-8", errors="replace").strip()


# Protocol Buffers wire format, enough to edit an ONNX model without the onnx package.
# ModelProto.graph = 7; GraphProto.node = 1, name = 2, initializer = 5; NodeProto.input = 1, output = 2,
# op_type = 4, attribute = 5; AttributeProto.g = 6, graphs = 11; TensorProto.dims = 1, data_type = 2,
# name = 8, raw_data = 9.
Field = Tuple[int, int, memoryview, memoryview]
"""(field number, wire type, payload for length-delimited fields, the whole encoded field)."""


def _varint(buffer: memoryview, position: int) -> Tuple[int, int]:
    value = shift = 0
    while True:
        byte = buffer[position]
        position += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, position
        shift += 7


def _encode_varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _fields(buffer: memoryview) -> Iterator[Field]:
    position = 0
    while position < len(buffer):
        key, start = _varint(buffer, position)
        kind = key & 7
        if kind == 0:
            _, end = _varint(buffer, start)
        elif kind == 1:
            end = start + 8
        elif kind == 5:
            end = start + 4
        elif kind == 2:
            length, start = _varint(buffer, start)
            end = start + length
        else:
            raise SetupError("the moonshine model could not be read (unexpected protobuf wire type)")
        yield key >> 3, kind, buffer[start:end], buffer[position:end]
        position = end


Parts = List[object]
"""Pieces of an encoded message (bytes, or views into the source model and into numpy arrays), joined
only once at the end: copying 170 MB of weights at every level of nesting was most of the folding time."""


def _field(number: int, parts: Parts) -> Parts:
    return [_encode_varint(number << 3 | 2) + _encode_varint(sum(len(p) for p in parts))] + parts


def _strings(message: memoryview, number: int) -> List[str]:
    return [bytes(payload).decode() for n, kind, payload, _ in _fields(message) if n == number and kind == 2]


def _tensor(message: memoryview):
    """(name, numpy array) of an initializer stored as raw data (the only way these files store them)."""
    import numpy as np

    dims, kind, name, raw = [], 0, "", b""
    for number, wire, payload, whole in _fields(message):
        if number == 1 and wire == 0:
            dims.append(_varint(whole, 1)[0])
        elif number == 2:
            kind = _varint(whole, 1)[0]
        elif number == 8:
            name = bytes(payload).decode()
        elif number == 9:
            raw = payload
    dtypes = {1: np.float32, 3: np.int8, 2: np.uint8}
    if kind not in dtypes:
        return name, None
    return name, np.frombuffer(raw, dtype=dtypes[kind]).reshape(dims)


def _float_tensor(name: str, values) -> Parts:
    import numpy as np

    values = np.ascontiguousarray(values, dtype=np.float32)
    dims = b"".join(_encode_varint(1 << 3) + _encode_varint(d) for d in values.shape)
    head = dims + _encode_varint(2 << 3) + _encode_varint(1) + b"".join(_field(8, [name.encode()]))
    return [head] + _field(9, [memoryview(values.reshape(-1).view(np.uint8))])


class _Folding:
    """What folding one model carries across its graphs."""

    def __init__(self) -> None:
        self.graphs = 0
        self.hoisted: Dict[str, object] = {}
        """Transposed outer weights, stored once in the main graph for every branch that reads them."""


def _fold_graph(graph: memoryview, state: _Folding, outer: Dict[str, object]) -> Parts:
    """A graph with its constant work done once: dequantisation chains and transposed weights computed,
    and every subgraph named (ONNX requires it). ``outer`` holds the constants an enclosing graph shows it."""
    nodes = [payload for number, kind, payload, _ in _fields(graph) if number == 1]
    initializers = dict(_tensor(payload) for number, kind, payload, _ in _fields(graph) if number == 5)
    constants = {**outer, **{k: v for k, v in initializers.items() if v is not None}}
    producers = {output: index for index, node in enumerate(nodes) for output in _strings(node, 2)}
    op = [next((bytes(p).decode() for n, _, p, _ in _fields(node) if n == 4), "") for node in nodes]
    folded: Dict[str, object] = {}
    dropped, used_up = set(), set()
    for index, node in enumerate(nodes):  # Cast(int8 q) -> Mul(scale) -> Add(offset)
        inputs = _strings(node, 1)
        mul = producers.get(inputs[0]) if op[index] == "Add" and len(inputs) == 2 else None
        mul_inputs = _strings(nodes[mul], 1) if mul is not None and op[mul] == "Mul" else []
        cast = producers.get(mul_inputs[0]) if len(mul_inputs) == 2 else None
        if cast is None or op[cast] != "Cast":
            continue
        quantised, scale, offset = _strings(nodes[cast], 1)[0], mul_inputs[1], inputs[1]
        if not all(name in initializers and initializers[name] is not None for name in (quantised, scale, offset)):
            continue
        folded[_strings(node, 2)[0]] = initializers[quantised].astype("float32") * initializers[scale] + initializers[offset]
        dropped.update((index, mul, cast))
        used_up.update((quantised, scale, offset))
    constants.update(folded)
    renames: Dict[str, str] = {}
    for index, node in enumerate(nodes):  # Transpose of a constant, like the output layer's tied embedding
        inputs = _strings(node, 1)
        if op[index] == "Transpose" and len(inputs) == 1 and inputs[0] in constants:
            import numpy as np

            perm = _perm(node)
            value = constants[inputs[0]]
            if inputs[0] in outer:  # both branches of the If read it: one copy, in the main graph
                shared = f"{inputs[0]}_transposed_{'_'.join(map(str, perm or []))}"
                if shared not in state.hoisted:
                    state.hoisted[shared] = np.ascontiguousarray(value.transpose(perm))
                renames[_strings(node, 2)[0]] = shared
            else:
                folded[_strings(node, 2)[0]] = np.ascontiguousarray(value.transpose(perm))
            dropped.add(index)
    constants.update(folded)
    used_up -= {name for index, node in enumerate(nodes) if index not in dropped for name in _strings(node, 1)}
    parts = []
    for number, _kind, payload, whole in _fields(graph):
        if number == 1 or (number == 2 and not len(payload)) or (number == 5 and _tensor_name(payload) in used_up):
            continue  # nodes are added below; an empty name is replaced; folded inputs go
        parts.append(whole)
    for index, node in enumerate(nodes):
        if index not in dropped:
            parts += _field(1, _with_subgraphs(node, state, constants, renames))
    if not outer:
        folded.update(state.hoisted)
    for name, value in folded.items():
        parts += _field(5, _float_tensor(name, value))
    if not any(_strings(graph, 2)):
        state.graphs += 1
        parts += _field(2, [f"graph_{state.graphs}".encode()])
    return parts


def _perm(node: memoryview) -> Optional[List[int]]:
    """A Transpose node's ``perm`` attribute (None: reverse the axes)."""
    for number, _kind, attribute, _ in _fields(node):
        if number == 5 and _strings(attribute, 1) == ["perm"]:
            values: List[int] = []
            for n, k, payload, whole in _fields(attribute):
                if n == 8 and k == 0:
                    values.append(_varint(whole, 1)[0])
                elif n == 8 and k == 2:
                    position = 0
                    while position < len(payload):
                        value, position = _varint(payload, position)
                        values.append(value)
            return values
    return None


def _tensor_name(tensor: memoryview) -> str:
    return next((bytes(p).decode() for n, _, p, _ in _fields(tensor) if n == 8), "")


def _with_subgraphs(node: memoryview, state: _Folding, constants: Dict[str, object], renames: Dict[str, str]) -> Parts:
    """A node with each of its subgraphs (the two branches of an If) folded too, reading renamed inputs."""
    parts: Parts = []
    for number, _kind, payload, whole in _fields(node):
        if number == 1 and bytes(payload).decode() in renames:
            parts += _field(1, [renames[bytes(payload).decode()].encode()])
            continue
        if number != 5:
            parts.append(whole)
            continue
        attribute: Parts = []
        for n, k, p, w in _fields(payload):
            attribute += _field(n, _fold_graph(p, state, constants)) if n in (6, 11) and k == 2 else [w]
        parts += _field(5, attribute)
    return parts


def write_folded(model: bytes, path: Path) -> None:
    """An ONNX model with its weights dequantised once, here, instead of on every call, written to ``path``.

    Written piece by piece and loaded from the file: ONNX Runtime keeps a reference to a model given to
    it as bytes for as long as the session lives, which held 360 MB of weights twice.
    """
    with path.open("wb") as handle:
        for number, kind, payload, whole in _fields(memoryview(model)):
            for piece in (_field(7, _fold_graph(payload, _Folding(), {})) if number == 7 and kind == 2 else [whole]):
                handle.write(piece)
