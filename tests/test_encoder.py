"""The sentence encoder: the pinned files, BERT's tokenizer, and a forward pass that means something."""
from pathlib import Path

import numpy as np
import pytest
import yaml

from assistant.nlu import encoder as encoder_module
from assistant.nlu.encoder import EncoderUnavailable, Manifest, SentenceEncoder, read_safetensors
from assistant.nlu.sentence_featurizer import shared_encoder
from assistant.nlu.wordpiece import normalise, pre_tokenise


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return shared_encoder()


def test_tokens_are_berts_uncased_word_pieces(encoder):
    # ids from the model's own vocabulary: [hello] [,] [world] [!] and "unaffable" in three pieces
    assert encoder.tokenizer.encode("Hello, world!") == [7592, 1010, 2088, 999]
    pieces = {i: piece for piece, i in encoder.tokenizer.vocab.items()}
    ids = encoder.tokenizer.encode("unaffable")
    assert len(ids) > 1 and "".join(pieces[i].replace("##", "") for i in ids) == "unaffable"
    assert normalise("Café\u200b NAÏVE") == "cafe naive"
    assert pre_tokenise("don't stop...") == ["don", "'", "t", "stop", ".", ".", "."]


def test_paraphrases_are_closer_than_unrelated_messages(encoder):
    a, b, c, d = encoder.encode(["i want to end my life", "i want to kill myself", "how do i kill a python process", "what's the weather like"])
    assert a @ b > 0.6 > a @ c > a @ d
    assert abs(float(np.linalg.norm(a)) - 1.0) < 1e-5


def test_a_batch_gives_the_same_vectors_as_one_message_at_a_time(encoder):
    texts = ["hi", "i feel drained from looking after my dad every single day", "no", "tired " * 300]
    batched = encoder.encode(texts)
    single = np.stack([encoder.encode([t])[0] for t in texts])
    assert np.abs(batched - single).max() < 1e-5


def test_a_long_post_is_read_whole_not_cut_at_the_window(encoder):
    calm = "we went for a walk by the sea and had a lovely lunch. " * 40
    ending = " and tonight i am going to end my life."
    assert not np.allclose(encoder.encode([calm])[0], encoder.encode([calm + ending])[0], atol=1e-3)


def test_the_max_pooled_half_keeps_one_strong_phrase_the_mean_dilutes(encoder):
    """``with_max``: the mean as before, scaled, beside the largest value in each dimension; the row is unit length."""
    calm = "we went for a walk by the sea and had a lovely lunch. " * 40
    both = encoder.encode([calm, calm + " and tonight i am going to end my life."], with_max=True)
    assert both.shape == (2, 2 * encoder.dimension)
    assert np.allclose(np.linalg.norm(both, axis=1), 1.0, atol=1e-5)
    assert np.allclose(both[0, : encoder.dimension] * np.sqrt(2.0), encoder.encode([calm])[0], atol=1e-5)
    half = encoder.dimension
    moved = [float(np.linalg.norm(both[1, part] - both[0, part])) for part in (slice(0, half), slice(half, None))]
    assert moved[1] > moved[0]


def _manifest_with(tmp_path: Path, **changes) -> Path:
    spec = yaml.safe_load(encoder_module.MANIFEST.read_text(encoding="utf-8"))
    spec.update(changes)
    path = tmp_path / "encoder.yml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    return path


def test_a_file_whose_hash_differs_is_refused_with_what_to_install(tmp_path):
    spec = Manifest.load()
    wrong = {role: entry.split("@sha256:")[0] + "@sha256:" + "0" * 64 for role, entry in spec.files.items()}
    with pytest.raises(EncoderUnavailable, match="sha256 differs.*requirements-models.lock"):
        encoder_module._read_checked(Manifest.load(_manifest_with(tmp_path, files=wrong)), cache=tmp_path / "cache")


def test_a_damaged_unpacked_copy_is_replaced_from_the_package(tmp_path):
    spec = Manifest.load()
    cache = tmp_path / "cache"
    member = spec.files["tokenizer"].split("@sha256:")[0]
    (cache / spec.name).mkdir(parents=True)
    (cache / spec.name / member).write_bytes(b"not the tokenizer")
    files = encoder_module._read_checked(spec, cache=cache)
    assert files["tokenizer"].startswith(b"{") and (cache / spec.name / member).read_bytes() == files["tokenizer"]


def test_a_missing_package_is_a_one_line_error(tmp_path):
    with pytest.raises(EncoderUnavailable) as raised:
        SentenceEncoder.load(_manifest_with(tmp_path, package="no_such_encoder_package"), cache=tmp_path / "empty")
    assert "\n" not in str(raised.value) and "pip install" in str(raised.value)


def test_safetensors_are_read_without_running_any_code():
    header = b'{"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"__metadata__":{"format":"pt"}}'
    blob = len(header).to_bytes(8, "little") + header + np.arange(4, dtype=np.float32).tobytes()
    assert read_safetensors(blob)["w"].tolist() == [[0.0, 1.0], [2.0, 3.0]]


def test_the_assistant_will_not_start_without_its_encoder(model_path, monkeypatch, tmp_path):
    """No silent fallback to a weaker detector: loading stops with the encoder's own one-line message."""
    from assistant.core import settings
    from assistant.core.action_server import ActionServer
    from assistant.core.runtime import load_agent
    from assistant.nlu import sentence_featurizer

    def missing():
        raise EncoderUnavailable("the sentence encoder all-MiniLM-L6-v2 is not installed: install it with `make setup`")

    monkeypatch.setattr(sentence_featurizer, "shared_encoder", missing)
    with pytest.raises(EncoderUnavailable, match="not installed"):
        load_agent(settings.load(), model_path, ActionServer(settings.ROOT))


def test_a_kept_graph_that_was_changed_is_rebuilt_not_trusted(tmp_path, encoder):
    cache = tmp_path / "cache"
    first = SentenceEncoder.load(cache=cache)
    kept = cache / first.manifest.name / encoder_module.GRAPH_FILE
    assert kept.is_file()
    kept.write_bytes(kept.read_bytes()[:-64] + b"\0" * 64)  # a damaged or altered copy
    again = SentenceEncoder.load(cache=cache)
    text = ["i feel a bit lost today"]
    assert np.abs(again.encode(text) - encoder.encode(text)).max() < 1e-6
    assert kept.read_bytes() != b"" and (cache / first.manifest.name / (encoder_module.GRAPH_FILE + ".sha256")).is_file()


def test_training_cache_keys_on_the_pinned_weights_and_the_graph_builder(monkeypatch, tmp_path):
    """Rasa reuses cached vectors and classifiers by fingerprint: another graph must retrain them."""
    from assistant.nlu.sentence_featurizer import SentenceEncoderFeaturizer

    before = SentenceEncoderFeaturizer.fingerprint_addon({})
    assert Manifest.load().files["weights"].split("@sha256:")[1] in before
    builder = tmp_path / "encoder_graph.py"
    builder.write_text("# a graph built another way\n", encoding="utf-8")
    monkeypatch.setattr(encoder_module.encoder_graph, "__file__", str(builder))
    assert SentenceEncoderFeaturizer.fingerprint_addon({}) != before


def test_with_max_must_be_true_or_false():
    from assistant.nlu.sentence_featurizer import SentenceEncoderFeaturizer

    SentenceEncoderFeaturizer.validate_config({"with_max": True})
    with pytest.raises(ValueError, match="with_max"):
        SentenceEncoderFeaturizer.validate_config({"with_max": "yes"})
