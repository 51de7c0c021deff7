"""Live voice: push-to-talk through SpeechRecognition's microphone, replies spoken aloud.

Without PyAudio or an input device it says so plainly and points to the text shell.
"""
from __future__ import annotations

import argparse

from assistant.errors import SetupError


def open_microphone():
    import speech_recognition as sr

    try:
        return sr.Microphone(sample_rate=16000)
    except AttributeError as error:  # SpeechRecognition reports a missing PyAudio this way
        raise SetupError("no microphone support (PyAudio is not installed). You can keep talking in text: compassion chat") from error
    except OSError as error:
        raise SetupError(f"no microphone found ({error}). You can keep talking in text: compassion chat") from error


def run_live(args: argparse.Namespace) -> int:
    """Press Enter, speak, pause: the turn ends, the reply is shown and spoken. Ctrl-D leaves."""
    import speech_recognition as sr

    from assistant.runtime import Engine
    from assistant.voice.loop import VoiceSession
    from assistant.voice.recognizer import SphinxRecognizer
    from assistant.voice.speaker import Player, Speaker

    microphone = open_microphone()
    listener = sr.Recognizer()
    recognizer, speaker, player = SphinxRecognizer(args.engine), Speaker(), Player()
    engine = Engine()
    engine.start()
    session = VoiceSession(engine, recognizer, args.sender, speaker)
    print("Press Enter, then speak; a pause ends your turn. Ctrl-D to leave.")
    try:
        with microphone as source:
            listener.adjust_for_ambient_noise(source, duration=0.5)
            while True:
                try:
                    input()
                except EOFError:
                    return 0
                audio = listener.listen(source, phrase_time_limit=20)
                pcm = audio.get_raw_data(convert_rate=16000, convert_width=2)
                voice_turn = session.answer(recognizer.transcribe_pcm(pcm))
                print(f"I heard: {voice_turn.heard or '(nothing)'}")
                if voice_turn.turn:
                    for reply in voice_turn.turn.replies:
                        print(f"Compassion: {reply.text}")
                    for clip, _pause in session.speech(voice_turn.turn):
                        player.play(clip)
    finally:
        engine.close()
        speaker.close()
