"""The voice conversation: audio in, the same runtime as the text shell, speech out.

Recognition errors must not hide a crisis: when the best hypothesis carries no risk but a
plausible alternative from the recogniser's n-best list does, the alternative is what the
assistant answers (the crisis detector in the pipeline then sees it, as on every channel).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Tuple

from assistant.replies import Turn
from assistant.runtime import Engine
from assistant.safety.lexicon import assess
from assistant.voice.recognizer import SphinxRecognizer, Transcript
from assistant.voice.speaker import Speaker

PAUSE_BETWEEN_MESSAGES = 0.6


def choose_hypothesis(transcript: Transcript) -> Tuple[str, bool]:
    """The words to act on, and whether an alternative was chosen because it carried risk."""
    if transcript.text and assess(transcript.text).risk:
        return transcript.text, False
    for alternative in transcript.alternatives:
        if assess(alternative).risk:
            return alternative, True
    return transcript.text, False


@dataclass(frozen=True)
class VoiceTurn:
    transcript: Transcript
    heard: str
    risk_from_alternative: bool
    turn: Optional[Turn]


class VoiceSession:
    """Recognise, answer through the engine, and turn the answer into speech."""

    def __init__(self, engine: Engine, recognizer: SphinxRecognizer, sender: str, speaker: Optional[Speaker] = None) -> None:
        self.engine = engine
        self.recognizer = recognizer
        self.sender = sender
        self.speaker = speaker

    def answer(self, transcript: Transcript) -> VoiceTurn:
        heard, from_alternative = choose_hypothesis(transcript)
        turn = self.engine.handle(heard, self.sender) if heard else None
        return VoiceTurn(transcript, heard, from_alternative, turn)

    def answer_file(self, path: Path) -> VoiceTurn:
        return self.answer(self.recognizer.transcribe(path))

    def speech(self, turn: Turn) -> List[Tuple[bytes, float]]:
        """Every clip to play for a turn with the pause after it; exercise steps keep their pauses."""
        if self.speaker is None:
            return []
        pieces: List[Tuple[bytes, float]] = []
        for reply in turn.replies:
            if reply.text:
                pieces.append((self.speaker.synthesise(reply.text), PAUSE_BETWEEN_MESSAGES))
            exercise = reply.exercise
            if exercise:
                for step in exercise.get("steps", []):
                    pieces.append((self.speaker.synthesise(step["text"]), float(step.get("seconds", 0))))
                if exercise.get("closing"):
                    pieces.append((self.speaker.synthesise(exercise["closing"]), PAUSE_BETWEEN_MESSAGES))
        return pieces
