"""Offline speech-to-text: the domain language model, and `compassion transcribe` on speech made at test time."""
import json
import math
import shutil
import subprocess

import pytest

from assistant.voice.language_model import CRISIS_SHARE, build_arpa, nlu_sentences, spoken_forms
from tests.conftest import run_cli


def parse_arpa(text):
    """n-gram -> (log10 prob, log10 back-off) from ARPA text."""
    table, order = {}, 0
    for line in text.splitlines():
        if line.endswith("-grams:"):
            order = int(line[1])
        elif order and line.strip() and not line.startswith("\\"):
            parts = line.split("\t")
            table[tuple(parts[1].split())] = (float(parts[0]), float(parts[2]) if len(parts) > 2 else 0.0)
    return table


def test_language_model_probabilities_sum_to_one():
    table = parse_arpa(build_arpa([["i", "feel", "low"], ["i", "feel", "drained"], ["i", "need", "help"], ["help"]]))
    vocab = [g[0] for g in table if len(g) == 1 and g[0] != "<s>"]

    def prob(history, word):
        gram = history + (word,)
        if gram in table:
            return 10 ** table[gram][0]
        return 10 ** table.get(history, (0, 0.0))[1] * prob(history[1:], word) if history else 10 ** table[(word,)][0]

    for history in [("i",), ("<s>", "i"), ("feel",), ("i", "feel")]:
        assert math.isclose(sum(prob(history, w) for w in vocab), 1.0, rel_tol=1e-3), history


def test_crisis_sentences_keep_their_share_of_the_language_model_as_other_data_grows(tmp_path):
    def share(everyday: int) -> float:
        lines = ["version: '3.1'", "nlu:", "- intent: crisis", "  examples: |"] + [f"    - crisis {n}" for n in range(40)]
        lines += ["- intent: greet", "  examples: |"] + [f"    - hello {n}" for n in range(everyday)]
        (tmp_path / "data.yml").write_text("\n".join(lines) + "\n")
        sentences = nlu_sentences(tmp_path)
        return sum(s.startswith("crisis") for s in sentences) / len(sentences)

    for everyday in (300, 1200):
        assert abs(share(everyday) - CRISIS_SHARE) < 0.03, everyday


def test_typed_shorthand_is_learned_as_it_is_said():
    assert spoken_forms(["ive been so low, idk why", "I'm fine!"]) == ["i have been so low i do not know why", "i am fine"]


SENTENCES = [
    "can we do a breathing exercise",
    "how can i support a friend who is going through a hard time",
    "i am scared people will judge me if i ask for help",
    "everyone would be better off without me",
    "i feel so drained from looking after my mum",
    "i want to kill myself",
]


@pytest.fixture(scope="module")
def speech(tmp_path_factory):
    """The sentences spoken by espeak-ng (installed by `make`), one WAV each."""
    assert shutil.which("espeak-ng"), "espeak-ng is missing: `make test` installs it when run as root"
    folder = tmp_path_factory.mktemp("speech")
    paths = []
    for number, sentence in enumerate(SENTENCES):
        path = folder / f"s{number}.wav"
        subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(path), sentence], check=True)
        paths.append(str(path))
    return paths


def word_errors(reference, hypothesis):
    """Word-level edit distance."""
    ref, hyp = reference.split(), hypothesis.split()
    row = list(range(len(hyp) + 1))
    for i, word in enumerate(ref, 1):
        previous, row[0] = row[0], i
        for j, other in enumerate(hyp, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (word != other))
    return row[-1]


def transcripts(engine, paths):
    result = run_cli(["transcribe", "--json", "--engine", engine] + paths)
    assert result.returncode == 0, result.stderr.decode()
    return [json.loads(line) for line in result.stdout.decode().splitlines()]


def test_domain_model_hears_this_domain_better_than_general_english(model_path, speech, capsys):
    domain, general = transcripts("sphinx-domain", speech), transcripts("sphinx", speech)
    assert [row["file"] for row in domain] == speech and all(row["seconds"] > 0 for row in domain)
    words = sum(len(s.split()) for s in SENTENCES)
    wer = {name: sum(word_errors(s, row["text"]) for s, row in zip(SENTENCES, rows)) / words for name, rows in (("domain", domain), ("general", general))}
    with capsys.disabled():
        print(f"\nword error rate on espeak-ng speech: domain model {wer['domain']:.2f}, general model {wer['general']:.2f}")
    assert wer["domain"] < wer["general"]
    assert domain[0]["text"] == SENTENCES[0]


def test_unreadable_audio_is_a_one_line_error(model_path, tmp_path):
    bad = tmp_path / "not-audio.wav"
    bad.write_text("hello")
    result = run_cli(["transcribe", str(bad)])
    assert result.returncode == 1
    assert result.stderr.decode().strip().startswith("compassion: cannot read audio file")


def test_voice_files_get_the_crisis_answer_and_the_friend_guide(model_path, tmp_path):
    """The issue's acceptance check, with espeak-ng's default voice (British English) as a user would make it."""
    said = ["I have been thinking about hurting myself", "how can I support a friend who is going through a hard time"]
    paths = []
    for number, sentence in enumerate(said):
        path = tmp_path / f"turn{number}.wav"
        subprocess.run(["espeak-ng", "-w", str(path), sentence], check=True)
        paths.append(str(path))
    spoken = tmp_path / "replies.wav"
    result = run_cli(["voice", "--json", "--sender", f"voice-{tmp_path.name}", "--audio", *paths, "--speak-to", str(spoken)])
    assert result.returncode == 0, result.stderr.decode()
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    first = [r for r in records if r["turn"] == 1]
    assert first[0]["intent"] == "crisis" and "988" in " ".join(r["text"] for r in first)
    assert any(r["intent"] == "support_a_friend" for r in records if r["turn"] == 2)
    assert spoken.stat().st_size > 44 + 16000, "the replies were spoken into the file"
