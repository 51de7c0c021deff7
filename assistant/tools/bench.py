"""`compassion bench`: the figures the README quotes, measured the same way every time.

A benchmark, not a test: it reports, it does not judge. Each figure is a median with its
spread over repeated runs, on this machine's cores.
"""
from __future__ import annotations

import dataclasses
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List

from assistant.core import settings as settings_module
from assistant.tools.evaluation import load_examples

TARGETS = {"cold_start_s": 8.0, "turn_p50_ms": 25.0, "turn_p95_ms": 50.0, "assistant_peak_mb": 600.0, "action_server_peak_mb": 150.0,
           "train_unchanged_s": 10.0, "stt_rtf": 0.35, "voice_answer_s": 1.2}


def _compassion() -> str:
    return str(Path(sys.executable).parent / "compassion")


def spread(values: List[float]) -> Dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": len(values)}


def cold_start(runs: int) -> List[float]:
    """Seconds from launching `compassion chat` to its first answer (action server included)."""
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as data:
            started = time.monotonic()
            process = subprocess.Popen([_compassion(), "chat", "--json"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                       stderr=subprocess.DEVNULL, env={**os.environ, "COMPASSION_DATA_DIR": data})
            talk, hear = process.stdin, process.stdout
            assert talk is not None and hear is not None  # both are pipes
            talk.write(b"hello\n")
            talk.flush()
            hear.readline()
            times.append(time.monotonic() - started)
            talk.close()
            process.wait(timeout=60)
    return times


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def turns(count: int) -> Dict[str, object]:
    """Per-turn latency in process over varied messages, peak memory of both processes (before the
    speech models load), then the speech figures with the same engine."""
    from assistant.core import logs
    from assistant.core.runtime import Engine

    logs.configure()
    texts = [t for t, _ in load_examples(settings_module.ROOT / "tests" / "nlu" / "heldout.yml")]
    with tempfile.TemporaryDirectory() as data:
        with Engine(dataclasses.replace(settings_module.load(), data_dir=Path(data))) as engine:
            latencies = []
            for n in range(count):
                started = time.perf_counter()
                engine.handle(texts[n % len(texts)], f"bench-{n // 20}")
                latencies.append((time.perf_counter() - started) * 1000)
            action_pid = engine.actions.pid
            result: Dict[str, object] = {
                "turn_p50_ms": statistics.median(latencies),
                "turn_p95_ms": statistics.quantiles(latencies, n=20)[-1],
                "assistant_peak_mb": peak_rss_mb(os.getpid()),
                "action_server_peak_mb": peak_rss_mb(action_pid) if action_pid else None,
            }
            result.update(speech(engine))
    return result


def train_unchanged(runs: int) -> List[float]:
    times = []
    for _ in range(runs):
        started = time.monotonic()
        subprocess.run([_compassion(), "train"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.monotonic() - started)
    return times


def speech(engine) -> Dict[str, float]:
    """Hearing real-time factor (recognition, with any second decoder the crisis check asks for), and
    seconds from the end of an utterance to its spoken answer.

    The answer latency runs from the moment the utterance's audio is complete to the first reply's
    audio being ready to play: recognition, the n-best crisis check, the turn and synthesis.
    Push-to-talk and hands-free add the pause that marks the end of speech (SpeechRecognition's
    ``pause_threshold``, 0.8 s by default) before that.
    """
    if not shutil.which("espeak-ng"):
        return {}
    from assistant.voice.engines import DEFAULT_ENGINE, open_recognizer
    from assistant.voice.loop import VoiceSession
    from assistant.voice.recognizer import load_wav
    from assistant.voice.speaker import Speaker

    recognizer, speaker = open_recognizer(os.environ.get("COMPASSION_STT", DEFAULT_ENGINE)), Speaker()
    sentences = ["can we do a breathing exercise", "i feel so drained from looking after my mum",
                 "how can i support a friend who is going through a hard time", "i have been thinking about hurting myself",
                 "i am scared people will judge me if i open up", "thank you that helped"]
    factors, latencies = [], []
    with tempfile.TemporaryDirectory() as folder:
        session = VoiceSession(engine, recognizer, "bench-voice", speaker)
        for number, sentence in enumerate(sentences):
            path = Path(folder) / f"{number}.wav"
            subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(path), sentence], check=True)
            pcm = load_wav(path)
            started = time.perf_counter()
            transcript = recognizer.transcribe_pcm(pcm)
            hearing = session.understand(transcript)  # with any second decoder the crisis check asks for
            factors.append((time.perf_counter() - started) / transcript.audio_seconds)
            voice_turn = session.answer(transcript, hearing)
            first = next((r.text for r in voice_turn.turn.replies if r.text), "") if voice_turn.turn else ""
            speaker.synthesise(first)
            latencies.append(time.perf_counter() - started)
    speaker.close()
    return {"stt_rtf": statistics.median(factors), "voice_answer_s": statistics.median(latencies)}


BASELINE_PROBE = """
import asyncio, os, statistics, sys, time
started = time.monotonic()
from rasa.core.agent import Agent
loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
agent = Agent.load(sys.argv[1])
load_s = time.monotonic() - started
texts = ["hello", "i am sad", "yes", "no", "goodbye", "are you a bot", "i feel great", "not really"]
latencies = []
for n in range(100):
    begun = time.perf_counter()
    loop.run_until_complete(agent.handle_text(texts[n % len(texts)], sender_id=f"b{n // 10}"))
    latencies.append((time.perf_counter() - begun) * 1000)
rss = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")) / 1024
print(load_s, statistics.median(latencies), rss)
"""


def baseline() -> Dict[str, float]:
    """Rasa's own starter bot (`rasa init`), built and measured in a temporary folder, for comparison.

    Its default pipeline (DIET, TED, ResponseSelector) is what a Rasa project starts from; the
    figures show what the project's choices bought. Its actions are responses only, so it needs
    no action server.
    """
    rasa = str(Path(sys.executable).parent / "rasa")
    with tempfile.TemporaryDirectory() as folder:
        started = time.monotonic()
        subprocess.run([rasa, "init", "--no-prompt", "--init-dir", folder], cwd=folder, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        train_s = time.monotonic() - started
        model = next(Path(folder, "models").glob("*.tar.gz"))
        started = time.monotonic()
        probe = subprocess.run([sys.executable, "-c", BASELINE_PROBE, str(model)], cwd=folder, check=True,
                               capture_output=True, text=True)
        cold_s = time.monotonic() - started
    load_s, turn_ms, peak_mb = (float(x) for x in probe.stdout.split()[-3:])
    return {"baseline_train_s": train_s, "baseline_load_s": load_s, "baseline_cold_s": cold_s,
            "baseline_turn_p50_ms": turn_ms, "baseline_peak_mb": peak_mb}


def run(runs: int = 5, turn_count: int = 200, with_baseline: bool = False) -> Dict[str, object]:
    cold = cold_start(runs)
    unchanged = train_unchanged(min(runs, 3))
    report: Dict[str, object] = {
        "cores": os.cpu_count(),
        "cold_start_s": spread(cold),
        "train_unchanged_s": spread(unchanged),
        **turns(turn_count),
    }
    if with_baseline:
        report.update(baseline())
    return report


def format_report(report: Dict[str, object]) -> str:
    lines = [f"machine: {report['cores']} cores", f"{'figure':26} {'value':>10}  {'target':>8}  spread"]
    for key, target in TARGETS.items():
        value = report.get(key)
        if value is None:
            lines.append(f"{key:26} {'n/a':>10}  {target:>8}")
            continue
        if isinstance(value, dict):
            lines.append(f"{key:26} {value['median']:10.2f}  {target:>8}  {value['min']:.2f}-{value['max']:.2f} over {value['runs']} runs")
        else:
            lines.append(f"{key:26} {value:10.2f}  {target:>8}")
    lines += [f"{key:26} {value:10.2f}  (rasa init, same machine)" for key, value in report.items() if key.startswith("baseline_")]
    return "\n".join(lines)


def main(as_json: bool, runs: int, turn_count: int, with_baseline: bool = False) -> int:
    report = run(runs, turn_count, with_baseline)
    print(json.dumps(report, indent=2) if as_json else format_report(report))
    return 0
