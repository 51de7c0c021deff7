"""Voice-activity segmentation as a pure state machine (assistant/voice/activity.py), and the typed audio value (audio.py)."""
import numpy as np
import pytest

from assistant.voice.activity import ActivitySettings, VoiceActivity
from assistant.voice.audio import Pcm

RATE = 16000
FRAME = 0.03


def frames(seconds: float, level: float, seed: int = 0):
    """30 ms frames of noise at an RMS ``level`` (16-bit units)."""
    count = int(round(seconds / FRAME))
    rng = np.random.default_rng(seed)
    for _ in range(count):
        yield np.clip(rng.normal(0, level, int(RATE * FRAME)), -32768, 32767).astype(np.int16).tobytes()


def run(machine, *parts):
    phrases = []
    for seconds, level in parts:
        for frame in frames(seconds, level):
            phrase = machine.feed(frame)
            if phrase:
                phrases.append(phrase)
    return phrases


def test_pcm_knows_its_length_and_joins_only_its_own_format():
    one = Pcm(b"\x00\x00" * RATE)
    assert one.frames == RATE and one.seconds == 1.0
    assert (one + one).seconds == 2.0
    assert Pcm(b"\x00" * 4 * 8000, rate=8000, channels=2).seconds == 1.0
    with pytest.raises(ValueError):
        one + Pcm(b"\x00\x00", rate=8000)


def test_a_phrase_ends_after_the_pause_with_its_lead_in():
    machine = VoiceActivity(ActivitySettings(threshold=300.0, pause=0.9, lead=0.3))
    phrases = run(machine, (1.0, 20), (1.5, 3000), (1.2, 20))
    assert len(phrases) == 1 and not machine.speaking
    assert phrases[0].seconds == pytest.approx(0.3 + 1.5 + 0.9, abs=0.07)


def test_two_phrases_and_a_short_pause_inside_one():
    machine = VoiceActivity(ActivitySettings(threshold=300.0, pause=0.9))
    phrases = run(machine, (0.5, 20), (1.0, 3000), (0.5, 20), (1.0, 3000), (1.0, 20), (0.6, 3000), (1.0, 20))
    # lead 0.3 + 1.0 + 0.5 (a pause too short to end it) + 1.0 + 0.9; then only 0.1 s of lead was left, + 0.6 + 0.9
    assert [round(p.seconds, 1) for p in phrases] == [pytest.approx(3.7, abs=0.1), pytest.approx(1.6, abs=0.1)]


def test_a_knock_is_not_a_phrase_and_a_long_speaker_is_cut_off():
    machine = VoiceActivity(ActivitySettings(threshold=300.0, pause=0.5, min_speech=0.15, phrase_limit=5.0))
    assert run(machine, (0.5, 20), (0.06, 5000), (1.0, 20)) == []
    phrases = run(machine, (12.0, 3000))
    assert len(phrases) == 2 and all(p.seconds == pytest.approx(5.0, abs=0.05) for p in phrases)
    assert machine.speaking and machine.flush().seconds == pytest.approx(12.3 - 10.0, abs=0.1)  # 0.3 s lead
    assert machine.flush() is None


def test_the_threshold_follows_the_room_but_not_below_its_floor():
    machine = VoiceActivity(ActivitySettings(floor=100.0, ratio=1.5))
    run(machine, (3.0, 10))
    assert machine.threshold == 100.0
    for frame in frames(2.0, 400):
        machine.calibrate(frame)
    assert 500 < machine.threshold < 700, "a fan's steady noise is not speech"
    phrases = run(machine, (1.0, 4000), (1.5, 400))
    assert len(phrases) == 1


class MemoryMicrophone:
    """Stand-in for a device: the capture stage's own reading logic, over frames from memory."""

    def __new__(cls, parts, rate=RATE):
        from assistant.voice.capture import CHUNK, Microphone

        class Memory(Microphone):
            def read(self):
                return next(self.chunks, b"\x00\x00" * CHUNK)

            def pause(self):
                self.paused += 1

            def resume(self):
                pass

        microphone = Memory(None, rate)
        audio = b"".join(np.clip(np.random.default_rng(seed).normal(0, level, int(seconds * rate)), -32768, 32767)
                         .astype(np.int16).tobytes() for seed, (seconds, level) in enumerate(parts))
        step = CHUNK * 2
        microphone.chunks = iter(audio[i:i + step] for i in range(0, len(audio), step))
        microphone.paused = 0
        return microphone


def listener(parts, rate=RATE, **settings):
    from assistant.voice.capture import Listener
    from assistant.voice.settings import VoiceSettings

    return Listener(MemoryMicrophone(parts, rate), VoiceSettings(**settings))


def test_push_to_talk_calibrates_once_then_keeps_that_threshold():
    heard = listener([(0.5, 400), (0.5, 20), (1.0, 3000), (1.5, 20)])
    heard.calibrate()
    assert heard.activity.settings.threshold is not None and 300 < heard.threshold < 600
    phrase = heard.push_to_talk()
    assert phrase is not None and len(phrase) / (2 * RATE) == pytest.approx(0.3 + 1.0 + 0.9, abs=0.25)
    assert heard.microphone.paused == 1, "the stream is paused again after the turn"
    assert heard.push_to_talk() is None, "nobody spoke within the wait"


def test_hands_free_follows_the_room_and_a_fixed_energy_is_kept():
    free = listener([(1.0, 400)], hands_free=True)
    free.calibrate()
    assert free.activity.settings.threshold is None and free.threshold > 300
    assert free.next_phrase(0.5) is None
    fixed = listener([(1.0, 400)], energy=2500.0)
    fixed.calibrate()
    assert fixed.threshold == 2500.0


def test_a_phrase_from_a_48_khz_device_reaches_the_recogniser_at_16_khz(tmp_path):
    heard = listener([(0.3, 20), (1.0, 3000), (1.2, 20)], rate=48000, energy=500.0, save_audio=str(tmp_path))
    phrase = heard.push_to_talk()
    assert len(phrase) / (2 * RATE) == pytest.approx(0.3 + 1.0 + 0.9, abs=0.25)
    kept, = tmp_path.glob("heard-*-1.wav")
    assert kept.stat().st_size == 44 + len(phrase)


def test_voice_settings_refuse_a_rate_nobody_could_follow():
    from assistant.core.errors import SetupError
    from assistant.voice.settings import VoiceSettings

    with pytest.raises(SetupError, match="80-400"):
        VoiceSettings(rate=600)
    assert VoiceSettings().calibration_seconds == 0.5 and VoiceSettings(hands_free=True).calibration_seconds == 1.0
    assert VoiceSettings(calibrate=0.0).calibration_seconds == 0.0


def test_a_reset_forgets_the_audio_but_not_the_room():
    machine = VoiceActivity(ActivitySettings(), start=800.0)
    assert machine.threshold == 800.0
    run(machine, (0.5, 3000))
    assert machine.speaking
    machine.reset()
    assert not machine.speaking and machine.flush() is None and machine.threshold == 800.0
