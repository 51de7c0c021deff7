"""The ``moonshine`` engine (default): Moonshine base, an encoder-decoder recogniser for general English.

Unlike pocketsphinx's domain model it was trained on many real voices and is not limited to the
assistant's own sentences, so a person who says something new is heard as saying it. The model files
come from a pinned registry wheel and are checked before use (:mod:`assistant.voice.moonshine_model`).

The encoder reads the audio once, then the decoder adds one token per call to each of a few beams
(a beam search, the beams in one batch), reusing its attention cache. Only speech is decoded: silence
before, after and between phrases (a second or more) is cut off first, and long recordings go in
pieces of at most 30 s (the model takes 0.1-64 s). The number of tokens is capped by the audio's
length so a noise burst cannot start an endless loop.
"""
from __future__ import annotations

import logging
import math
import os
import re
import time
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

from assistant.core.errors import SetupError
from assistant.core.settings import ROOT
from assistant.voice.engines import PcmRecognizer
from assistant.voice.moonshine_model import END, HEAD_SIZE, KV_HEADS, LAYERS, START, Vocabulary, read_checked
from assistant.voice.moonshine_sessions import load_session, release_freed_memory
from assistant.voice.recognizer import RATE, Transcript

log = logging.getLogger(__name__)

KEPT = ROOT / "build" / "moonshine"
"""The folded models, kept with a record of what they were made from (see moonshine_sessions.load_session)."""
FRAME = RATE // 50
"""20 ms analysis frames for finding speech."""
PAUSE_SECONDS = 1.0
"""Silence at least this long between two phrases is not decoded."""
LEAD_SECONDS, TAIL_SECONDS = 0.2, 0.3
"""Audio kept before and after each stretch of speech, for soft onsets and fading final consonants."""
MIN_SPEECH_SECONDS = 0.06
"""A stretch with less loud audio than this is a click or a knock, not a word."""
QUIET_DBFS = -60.0
"""Audio whose loudest frames stay under this level (RMS, dB below full scale) holds no speech."""
SPEECH_RANGE_DB, FLOOR_MARGIN_DB, CLEAR_SILENCE_DB = 40.0, 6.0, 15.0
"""A frame is speech when within 40 dB of the loudest frames and 6 dB above the quiet ones; audio whose
quiet frames are not 15 dB under its loud ones has no clear silence, so none of it is cut."""
SEGMENT_SECONDS = 30.0
"""Longest piece decoded at once; longer speech is cut at its quietest moment after 15 s."""
MIN_INPUT_SECONDS = 0.3
"""Shorter pieces are padded with silence: the model needs at least 0.1 s."""
TOKENS_PER_SECOND, EXTRA_TOKENS = 6.0, 4
"""Upper bound on tokens for a piece of audio: fast speech gives about 4 tokens a second."""
BEAMS = 4
"""Readings kept by the beam search; the others are the n-best list of :class:`Transcript`."""
REPEAT_SPAN = 8
"""A phrase repeated back to back over this many tokens (three times at least) is a decoding loop."""


def threads() -> int:
    """ONNX Runtime threads: both cores of a small machine, or ``$COMPASSION_STT_THREADS``."""
    chosen = os.environ.get("COMPASSION_STT_THREADS", "")
    return max(1, int(chosen)) if chosen.isdigit() else min(2, os.cpu_count() or 1)


def speech_spans(samples, rate: int = RATE) -> List[Tuple[int, int]]:
    """(start, end) sample ranges that hold speech, silence at the edges and long pauses left out."""
    import numpy as np

    frames = len(samples) // FRAME
    if frames == 0:
        return []
    energy = (samples[:frames * FRAME].reshape(frames, FRAME).astype(np.float64) ** 2).mean(axis=1)
    level = 10 * np.log10(energy + 1e-12)
    peak, floor = float(np.percentile(level, 99)), max(float(np.percentile(level, 10)), -90.0)
    if peak < QUIET_DBFS:
        return []
    if peak - floor < CLEAR_SILENCE_DB:
        return _split_long((0, len(samples)), level, rate)
    loud = np.flatnonzero(level > max(floor + FLOOR_MARGIN_DB, peak - SPEECH_RANGE_DB))
    gap = int(PAUSE_SECONDS * rate / FRAME)
    runs, start = [], 0
    for index in range(1, len(loud) + 1):
        if index == len(loud) or loud[index] - loud[index - 1] > gap:
            runs.append(loud[start:index])
            start = index
    spans: List[Tuple[int, int]] = []
    for run in runs:
        if len(run) * FRAME < MIN_SPEECH_SECONDS * rate:
            continue
        begin = max(0, int(run[0]) * FRAME - int(LEAD_SECONDS * rate))
        end = min(len(samples), (int(run[-1]) + 1) * FRAME + int(TAIL_SECONDS * rate))
        if spans and begin <= spans[-1][1]:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((begin, end))
    return [piece for span in spans for piece in _split_long(span, level, rate)]


def _split_long(span: Tuple[int, int], level, rate: int) -> List[Tuple[int, int]]:
    """A span cut into pieces of at most :data:`SEGMENT_SECONDS`, each cut at the quietest frame it can."""
    begin, end = span
    longest = int(SEGMENT_SECONDS * rate)
    pieces = []
    while end - begin > longest:
        low, high = (begin + longest // 2) // FRAME, (begin + longest) // FRAME
        cut = (low + int(level[low:high].argmin())) * FRAME
        pieces.append((begin, cut))
        begin = cut
    pieces.append((begin, end))
    return pieces


def _looping(tokens: Sequence[int]) -> int:
    """How many tokens at the end repeat a phrase over and over (0 when they do not)."""
    for size in range(1, REPEAT_SPAN + 1):
        times = max(3, math.ceil(REPEAT_SPAN / size))
        if len(tokens) >= size * times and list(tokens[-size * times:]) == list(tokens[-size:]) * times:
            return size * (times - 1)
    return 0


class MoonshineRecognizer(PcmRecognizer):
    """Moonshine base on ONNX Runtime, loaded once; an n-best list from its beam search."""

    def __init__(self, folder: Optional[Path] = None, thread_count: Optional[int] = None, beams: int = BEAMS) -> None:
        started = time.monotonic()
        files = read_checked(folder)
        try:
            import onnxruntime  # noqa: F401 (the error below is clearer than an ImportError later)
        except ImportError:
            raise SetupError("the moonshine engine needs onnxruntime, which is not installed: "
                             ".venv/bin/pip install -r requirements.lock") from None
        count = thread_count or threads()
        self.encoder = load_session(files["encoder_model.ort"], count, KEPT / "encoder_model.onnx")
        self.decoder = load_session(files["decoder_model_merged.ort"], count, KEPT / "decoder_model_merged.onnx")
        self.vocabulary = Vocabulary(files["tokenizer.bin"])
        del files
        release_freed_memory()
        self.past = [f"past_key_values.{layer}.{part}.{kind}" for layer in range(LAYERS)
                     for part in ("decoder", "encoder") for kind in ("key", "value")]
        self.present = [name.replace("past_key_values", "present") for name in self.past]
        self.self_attention = [i for i, name in enumerate(self.past) if ".decoder." in name]
        outputs = {output.name for output in self.decoder.get_outputs()}
        inputs = {item.name for item in self.decoder.get_inputs()}
        if not set(self.present) <= outputs or not set(self.past) <= inputs or "use_cache_branch" not in inputs:
            raise SetupError("the moonshine model files are not Moonshine base's merged decoder")
        self.beams = beams
        self.fetch_first = ["logits"] + self.present
        self.fetch_next = ["logits"] + [self.present[i] for i in self.self_attention]
        self.load_seconds = time.monotonic() - started
        log.info("moonshine model loaded in %.2f s with %d threads", self.load_seconds, count)

    def transcribe_pcm(self, pcm: bytes) -> Transcript:
        """The words of 16 kHz mono 16-bit audio, best first; empty when it holds no speech."""
        import numpy as np

        started = time.monotonic()
        samples = np.frombuffer(pcm, dtype=np.int16).astype(np.float32) / 32768.0
        pieces = [self.decode(samples[begin:end]) for begin, end in speech_spans(samples)]
        pieces = [p for p in pieces if p]
        best = [p[0] for p in pieces]
        text = " ".join(best)
        alternatives = [text] if text else []
        for index, piece in enumerate(pieces):  # each other reading of one piece, the rest as heard
            alternatives += [" ".join(best[:index] + [other] + best[index + 1:]) for other in piece[1:]]
        return Transcript(text, time.monotonic() - started, len(pcm) / (2 * RATE), list(dict.fromkeys(alternatives)))

    def decode(self, samples) -> List[str]:
        """The readings of one piece of speech (at most 64 s), best first, by beam search.

        The beams run as one batch: each step reads the decoder's weights once for all of them, so
        four beams cost little more than one. The other beams' readings go to the crisis check and
        to "Did you say ...?" as the n-best list does for pocketsphinx.
        """
        import numpy as np

        seconds = len(samples) / RATE
        if seconds < MIN_INPUT_SECONDS:
            samples = np.pad(samples, (0, int(MIN_INPUT_SECONDS * RATE) - len(samples)))
        hidden = self.encoder.run(None, {"input_values": samples[None, :]})[0]
        empty = np.zeros((1, KV_HEADS, 0, HEAD_SIZE), dtype=np.float32)
        feed = {name: empty for name in self.past}
        feed.update(encoder_hidden_states=hidden, use_cache_branch=np.array([False]),
                    input_ids=np.array([[START]], dtype=np.int64))
        limit = math.ceil(seconds * TOKENS_PER_SECOND) + EXTRA_TOKENS
        outputs = self.decoder.run(self.fetch_first, feed)
        width = self.beams
        for name, value in zip(self.past, outputs[1:]):
            feed[name] = np.repeat(value, width, axis=0)
        feed.update(encoder_hidden_states=np.repeat(hidden, width, axis=0), use_cache_branch=np.array([True]))
        beams: List[Tuple[List[int], float]] = [([], 0.0)]
        finished: List[Tuple[List[int], float]] = []
        logits = outputs[0][:, -1]
        while True:
            scores = logits - logits.max(axis=1, keepdims=True)
            scores = scores - np.log(np.exp(scores).sum(axis=1, keepdims=True))
            scores += np.array([score for _, score in beams])[:, None]
            chosen, alive = [], []
            flat = scores.reshape(-1)
            top = np.argpartition(flat, -(2 * width))[-(2 * width):] if flat.size > 2 * width else np.arange(flat.size)
            for rank, position in enumerate(top[np.argsort(flat[top])[::-1]]):
                beam, token = divmod(int(position), scores.shape[1])
                tokens, score = beams[beam][0] + [token], float(flat[position])
                repeated = _looping(tokens) if token != END else 0
                if token == END or repeated or len(tokens) >= limit:
                    if rank < width:  # an ending counts only where it would have ranked among the beams
                        finished.append((tokens[:len(tokens) - repeated] if token != END else tokens[:-1], score))
                else:
                    alive.append((tokens, score))
                    chosen.append(beam)
                if len(alive) == width:
                    break
            if len(finished) >= width or not alive:
                break
            while len(alive) < width:  # keep the batch full: repeat the best beam, it is never chosen twice
                alive.append(alive[0])
                chosen.append(chosen[0])
            beams = alive
            feed["input_ids"] = np.array([[tokens[-1]] for tokens, _ in beams], dtype=np.int64)
            outputs = self.decoder.run(self.fetch_next, feed)
            order = np.array(chosen)
            for index, value in zip(self.self_attention, outputs[1:]):
                feed[self.past[index]] = value[order]
            logits = outputs[0][:, -1]
        ranked = sorted(finished, key=lambda item: item[1] / (len(item[0]) + 1), reverse=True)
        readings: dict = {}
        for tokens, _ in ranked:  # readings that differ only in punctuation or case are one reading
            text = self.vocabulary.decode(tokens)
            readings.setdefault(" ".join(re.findall(r"[\w']+", text.lower())), text)
        return [text for key, text in readings.items() if key][:width]
