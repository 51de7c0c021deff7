"""How well the assistant understands speech: held-out messages spoken, recognised, then classified.

The same held-out file the text evaluation uses is spoken by several synthetic voices (see
:mod:`assistant.tools.synthetic_speech`); each recording goes through the recogniser and the n-best
crisis check exactly as a live turn does, then through NLU. Text accuracy on the same messages
is the yardstick: the figure that matters is how much of it survives speech.
"""
from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from assistant.core.runtime import CRISIS_INTENTS
from assistant.tools import synthetic_speech
from assistant.voice.loop import CRISIS, Hearing
from assistant.voice.recognizer import Recognizer, Transcript

IntentOf = Callable[[str], Optional[str]]
Understand = Callable[[Transcript], Hearing]
MAX_CRISIS_WORDS = 25
"""Spoken crisis messages are kept to what one breath-group of speech holds; the long typed posts
of the held-out file are a text-channel problem."""


@dataclass
class SpokenReport:
    messages: int
    recordings: int
    text_accuracy: float
    spoken_accuracy: float
    crisis_recordings: int
    crisis_recall: float
    false_alarms: float
    """Share of non-crisis recordings answered as a crisis."""
    real_time_factor: float
    """Seconds to hear a recording per second of audio: recognition, any second decoder the crisis check
    asked for, and the choice among hypotheses (with its classifier calls)."""
    accuracy_by_voice: Dict[str, float] = field(default_factory=dict)
    missed_crisis: List[Tuple[str, str, str]] = field(default_factory=list)
    false_alarm_examples: List[Tuple[str, str, str]] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        """Spoken accuracy as a share of text accuracy on the same messages."""
        return self.spoken_accuracy / self.text_accuracy if self.text_accuracy else 0.0

    def summary(self) -> str:
        lines = [
            f"spoken intent accuracy {self.spoken_accuracy:.3f} vs text {self.text_accuracy:.3f} "
            f"on the same {self.messages} messages ({self.recordings} recordings): {self.ratio:.0%} of text",
            f"spoken crisis recall {self.crisis_recall:.3f} over {self.crisis_recordings} recordings, "
            f"false alarms {self.false_alarms:.3f}; "
            f"hearing real-time factor {self.real_time_factor:.3f}",
        ]
        lines += [f"  {label}: {accuracy:.3f}" for label, accuracy in sorted(self.accuracy_by_voice.items())]
        lines += [f"  missed crisis ({voice}): {said!r} heard as {heard!r}" for voice, said, heard in self.missed_crisis]
        lines += [f"  false alarm ({voice}): {said!r} heard as {heard!r}" for voice, said, heard in self.false_alarm_examples]
        return "\n".join(lines)


def spoken_sets(examples: Sequence[Tuple[str, str]], vocabulary: set, limit: int) -> Tuple[List[Tuple[str, str]], List[str]]:
    """Up to ``limit`` speakable non-crisis messages spread evenly over the file, and every short crisis one."""
    others = [(spoken, intent) for text, intent in examples if intent != CRISIS for spoken in synthetic_speech.speakable([text], vocabulary)]
    step = max(1, len(others) // limit)
    crisis = [t for t in synthetic_speech.speakable([t for t, i in examples if i == CRISIS], vocabulary) if len(t.split()) <= MAX_CRISIS_WORDS]
    return others[::step][:limit], crisis


def evaluate(examples: Sequence[Tuple[str, str]], intent_of: IntentOf, understand: Understand, recognizer: Recognizer,
             folder: Path, vocabulary: set, limit: int = 60) -> SpokenReport:
    """Speak, recognise and classify as a live turn does (``understand`` as :meth:`VoiceSession.understand`;
    ``intent_of`` reads the typed words, the yardstick). Crisis messages are spoken by every voice, the rest by one each."""
    others, crisis = spoken_sets(examples, vocabulary, limit)
    expected = dict(others)
    decode_seconds = audio_seconds = 0.0

    def understood(path: Path) -> Tuple[str, Optional[str]]:
        nonlocal decode_seconds, audio_seconds
        started = time.perf_counter()
        transcript = recognizer.transcribe(path)
        hearing = understand(transcript)  # a second decoder runs only if asked
        decode_seconds += time.perf_counter() - started
        audio_seconds += transcript.audio_seconds
        return hearing.heard, hearing.intent

    right, alarms = 0, []
    by_voice: Dict[str, List[int]] = defaultdict(lambda: [0, 0])
    rows = synthetic_speech.corpus([text for text, _ in others], folder / "messages")
    for text, voice, noisy, path in rows:
        heard, intent = understood(path)
        correct = intent == expected[text]
        right += correct
        if intent in CRISIS_INTENTS:  # answered as a crisis, or asked whether they are safe
            alarms.append((voice.label, text, heard))
        label = voice.label + (" +noise" if noisy else "")
        by_voice[label][0] += correct
        by_voice[label][1] += 1
    text_right = sum(intent_of(text) == intent for text, intent in others)  # the typed words, as typed

    caught, missed = 0, []
    for number, text in enumerate(crisis):
        for voice in synthetic_speech.voices():
            heard, intent = understood(synthetic_speech.speak(text, voice, folder / f"crisis-{number}-{voice.tool}-{voice.rate}-{voice.name}.wav"))
            caught += intent in CRISIS_INTENTS  # the direct question about safety counts as caught
            if intent not in CRISIS_INTENTS:
                missed.append((voice.label, text, heard))
    crisis_recordings = len(crisis) * len(synthetic_speech.voices())
    return SpokenReport(
        messages=len(others),
        recordings=len(rows),
        text_accuracy=text_right / max(len(others), 1),
        spoken_accuracy=right / max(len(rows), 1),
        crisis_recordings=crisis_recordings,
        crisis_recall=caught / max(crisis_recordings, 1),
        false_alarms=len(alarms) / max(len(rows), 1),
        real_time_factor=decode_seconds / max(audio_seconds, 1e-9),
        accuracy_by_voice={label: r / n for label, (r, n) in by_voice.items()},
        missed_crisis=missed,
        false_alarm_examples=alarms,
    )


def evaluate_file(source: Path, engine_name: str, limit: int, allow_online: bool = False) -> SpokenReport:
    """``compassion eval --spoken``: a labelled file's messages spoken by the synthetic voices (see :func:`evaluate`),
    then heard and understood as a live turn is, by the current model with a throwaway conversation store."""
    import dataclasses
    import tempfile

    from assistant.core import settings as settings_module
    from assistant.core.runtime import Engine
    from assistant.tools.evaluation import load_examples
    from assistant.voice import engines, language_model
    from assistant.voice.loop import VoiceSession

    examples = load_examples(source)
    recognizer = engines.open_recognizer(engine_name, allow_online)
    with tempfile.TemporaryDirectory() as data, tempfile.TemporaryDirectory() as work:
        with Engine(dataclasses.replace(settings_module.load(), data_dir=Path(data))) as engine:
            session = VoiceSession(engine, recognizer, "spoken-evaluation")
            return evaluate(examples, engine.intent_of, session.understand, recognizer, Path(work),
                            language_model.english_vocabulary(), limit=limit)
