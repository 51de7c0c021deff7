"""The barge-in stage: hands-free, the word "stop" said while the assistant speaks ends its speech.

(Enter does the same in both modes; see :mod:`assistant.voice.keyboard`.) Short phrases heard while
speaking are found by the voice-activity machine with a fixed threshold, and only those are searched for
the one word.
"""
from __future__ import annotations

import os
import tempfile
import threading
from dataclasses import replace
from typing import Callable, Collection

from assistant.voice.activity import ActivitySettings, VoiceActivity
from assistant.voice.audio import Pcm
from assistant.voice.capture import MIN_ENERGY, Microphone

STOP_WORD = "stop"
STOP_THRESHOLD = 1e-20
"""pocketsphinx keyword-spotting threshold for it."""
STOP_PHRASE = ActivitySettings(pause=0.4, phrase_limit=2.5, min_speech=0.1, lead=0.3)
"""A short phrase with a pause after it; longer phrases (the reply's own echo runs on) are not a "stop"."""


def says_stop_itself(spoken_words: Collection[str]) -> bool:
    """When the reply itself says "stop", its own echo could stop it, so only Enter can."""
    return any(w.startswith(STOP_WORD) for w in spoken_words)


class StopSpotter:
    """Spots the word "stop" in short phrases heard while the assistant speaks (hands-free barge-in).

    A general or domain language model hears a lone "stop" badly (espeak-ng's "stop" came out as
    "got a"), so this is pocketsphinx's keyword-spotting search for that one word, with a dictionary
    of just its pronunciations: it loads in a tenth of a second and decodes a phrase in a few hundredths.
    """

    def __init__(self) -> None:
        from pocketsphinx import Decoder, get_model_path

        with open(get_model_path("en-us/cmudict-en-us.dict"), encoding="utf-8") as handle:
            entries = [line for line in handle if line.split(" ", 1)[0].split("(")[0] == STOP_WORD]
        with tempfile.TemporaryDirectory(prefix="compassion-stop-") as folder:  # read once, when the decoder loads
            dictionary, keywords = os.path.join(folder, "stop.dict"), os.path.join(folder, "stop.kws")
            with open(dictionary, "w", encoding="utf-8") as handle:
                handle.writelines(entries)
            with open(keywords, "w", encoding="utf-8") as handle:
                handle.write(f"{STOP_WORD} /{STOP_THRESHOLD}/\n")
            self.decoder = Decoder(hmm=get_model_path("en-us/en-us"), dict=dictionary, kws=keywords, loglevel="FATAL",
                                   dither=True, seed=2024)

    def heard_stop(self, pcm: bytes) -> bool:
        """Whether 16 kHz mono audio holds the word."""
        self.decoder.start_utt()
        self.decoder.process_raw(pcm, full_utt=True)
        self.decoder.end_utt()
        hypothesis = self.decoder.hyp()
        return bool(hypothesis and STOP_WORD in hypothesis.hypstr.split())


def listen_for_stop(microphone: Microphone, threshold: float, spotter: StopSpotter, heard: Callable[[Pcm], bytes],
                    interrupted: threading.Event, on_stop: Callable[[], None]) -> None:
    """Until ``interrupted`` is set: set it when a short phrase with a pause before and after holds "stop".

    The threshold stays fixed (a dynamic one rises during a phrase, which cut a lone "stop" too short to
    count). Without echo cancellation the microphone also hears the reply from loudspeakers; that
    continuous speech runs into the phrase limit, and such phrases are never taken as "stop" (on 53 s of
    the assistant's own speech: no false stop). With loudspeakers, a "stop" said over the reply may merge
    with it and be missed; Enter always works. ``heard`` turns a phrase into the recogniser's audio;
    ``on_stop`` ends the playback at once.
    """
    machine = VoiceActivity(replace(STOP_PHRASE, threshold=max(threshold, MIN_ENERGY)), rate=microphone.rate)
    while not interrupted.is_set():
        try:
            phrase = microphone.listen(machine, until=interrupted)
        except OSError:  # the stream was stopped under us: nothing more to hear
            return
        if phrase is None or interrupted.is_set():
            return
        if phrase.seconds < STOP_PHRASE.phrase_limit - 0.1 and spotter.heard_stop(heard(phrase)):
            interrupted.set()
            on_stop()
            return
