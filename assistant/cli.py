"""The ``compassion`` command: chat, serve, train, doctor and the rest (see ../shared/spec/interfaces.md)."""
from __future__ import annotations

import argparse
import contextlib
import os
import sys
from typing import List, Optional

from assistant import settings as settings_module

EXIT_USAGE = 2


def _fail(message: str, code: int = 1) -> int:
    sys.stderr.write(f"compassion: {message}\n")
    return code


def cmd_chat(args: argparse.Namespace) -> int:
    from assistant import shell
    from assistant.runtime import Engine

    interactive = sys.stdin.isatty() and not args.json
    with shell.Spinner("Waking up the assistant..."):
        engine = Engine()
        engine.start()
    try:
        if interactive:
            print("Compassion is an automated assistant, not a therapist. If you are in danger, call your "
                  "local emergency number. Type 'quit' or press Ctrl-D to leave.\n")
            lines = shell.prompt_lines()
        else:
            lines = shell.piped_lines(sys.stdin.buffer)
        due = lambda: engine.due_reminders(args.sender)  # noqa: E731
        with shell.ReminderTicker(due, sys.stdout) if interactive else contextlib.nullcontext():
            shell.run(
                lambda text: engine.handle(text, args.sender),
                lines,
                sys.stdout,
                json_mode=args.json,
                pace=not args.no_pace,
                interactive=interactive,
                due_reminders=due,
            )
    except KeyboardInterrupt:
        print("\nTake care of yourself. Goodbye.")
    finally:
        engine.close()
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from pathlib import Path

    from assistant.server import ServeOptions, serve

    return serve(ServeOptions(host=args.host, port=args.port, token=args.auth_token, cors=args.cors,
                              endpoints_file=Path(args.endpoints) if args.endpoints else None, debug=args.debug))


def cmd_train(args: argparse.Namespace) -> int:
    from assistant.training import train

    path = train(force=args.force)
    print(path)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    import json
    from pathlib import Path

    from assistant.errors import SetupError
    from assistant.evaluation import evaluate, format_report, summary_line
    from assistant.runtime import latest_model

    sources = [Path(f) for f in args.file]
    for source in sources:
        if not source.is_file():
            raise SetupError(f"cannot read {source}: no such file")
    from rasa.core.agent import Agent

    settings = settings_module.load()
    import os

    sources = [s.resolve() for s in sources]
    os.chdir(settings.root)
    agent = Agent.load(str(latest_model(settings.models_dir)))
    reports = {}
    for source in sources:
        png = Path(args.png).resolve() if args.png and len(sources) == 1 else settings.root / "results" / f"{source.stem}.confusion.png"
        png.parent.mkdir(parents=True, exist_ok=True)
        try:
            reports[source] = (evaluate(agent, source, png=png), png)
        except (KeyError, ValueError) as error:
            raise SetupError(f"{source} is not a Rasa NLU file or JSONL of {{text, expected_intent}}: {error}") from error
    if args.json:
        rows = [{"file": str(s), **r.as_dict(), "confusion_png": str(p)} for s, (r, p) in reports.items()]
        print(json.dumps(rows[0] if len(rows) == 1 else rows, indent=2))
    elif len(reports) == 1:
        (source, (report, png)), = reports.items()
        print(format_report(report, str(source)))
        print(f"\nconfusion matrix: {png}")
    else:
        for source, (report, _) in reports.items():
            print(summary_line(report, source.name))
    return 0


def cmd_transcribe(args: argparse.Namespace) -> int:
    import json
    from pathlib import Path

    from assistant.voice.engines import open_recognizer

    recognizer = open_recognizer(args.engine, args.allow_online)
    for name in args.files:
        transcript = recognizer.transcribe(Path(name))
        if args.json:
            print(json.dumps({"file": name, "text": transcript.text, "seconds": round(transcript.seconds, 3)}), flush=True)
        else:
            print(f"{name}: {transcript.text}", flush=True)
    return 0


def cmd_voice(args: argparse.Namespace) -> int:
    import json
    from pathlib import Path

    from assistant.runtime import Engine
    from assistant.voice.loop import VoiceSession
    from assistant.voice.engines import open_recognizer
    from assistant.voice.speaker import Speaker, write_wav

    if not args.audio:
        from assistant.voice.microphone import run_live

        return run_live(args)
    recognizer = open_recognizer(args.engine, args.allow_online)
    speaker = None
    if args.speak_to:
        from assistant.voice.microphone import resolve_voice
        from assistant.voice.speaker import DEFAULT_RATE

        speaker = Speaker(rate=args.rate or DEFAULT_RATE, voice=resolve_voice(args.voice))
    engine = Engine()
    engine.start()
    pieces = []
    try:
        session = VoiceSession(engine, recognizer, args.sender, speaker)
        for number, name in enumerate(args.audio, 1):
            voice_turn = session.answer_file(Path(name))
            turn = voice_turn.turn
            if args.json:
                for reply in turn.replies if turn else []:
                    record = {"turn": number, "file": name, "heard": voice_turn.heard, "intent": turn.intent,
                              "confidence": round(turn.confidence, 4), "text": reply.text, "buttons": reply.buttons}
                    if reply.custom:
                        record["custom"] = reply.custom
                    print(json.dumps(record, ensure_ascii=False), flush=True)
            else:
                print(f"I heard: {voice_turn.heard or '(nothing)'}")
                for reply in turn.replies if turn else []:
                    print(f"Compassion: {reply.text}")
            if turn and speaker:
                pieces += session.speech(turn)
        if speaker:
            write_wav(Path(args.speak_to), pieces)
    finally:
        engine.close()
        if speaker:
            speaker.close()
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from assistant.bench import main as bench

    return bench(args.json, args.runs, args.turns, args.baseline)


def cmd_loadtest(args: argparse.Namespace) -> int:
    from assistant.load import main as loadtest

    return loadtest(args.url or [], args.token, args.conversations, args.turns, args.max_seconds, args.json, args.hostile)


def cmd_forget(args: argparse.Namespace) -> int:
    from assistant.privacy import forget_everything

    print(forget_everything(settings_module.load()))
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from assistant.doctor import run_checks

    return run_checks(sys.stdout)


def _engine_options(parser: argparse.ArgumentParser) -> None:
    from assistant.voice.engines import DEFAULT_ENGINE, ENGINES

    parser.add_argument("--engine", default=os.environ.get("COMPASSION_STT", DEFAULT_ENGINE), choices=list(ENGINES),
                        help=f"speech-to-text (default $COMPASSION_STT, else {DEFAULT_ENGINE}): moonshine, sphinx-domain "
                             "and sphinx are built in; vosk and whisper need a model you put on this machine; google is online "
                             "(`compassion doctor` shows which can run here)")
    parser.add_argument("--allow-online", action="store_true",
                        help="allow an online engine: your recorded voice is then sent over the internet")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="compassion", description="An offline companion for giving and receiving compassion.")
    parser.add_argument("--debug", action="store_true", help="verbose logs on stderr (may include message text)")
    commands = parser.add_subparsers(dest="command", required=True)

    chat = commands.add_parser("chat", help="talk in the text shell")
    chat.add_argument("--json", action="store_true", help="one JSON object per assistant message")
    chat.add_argument("--no-pace", action="store_true", help="print exercise steps without waiting")
    chat.add_argument("--sender", default=settings_module.LOCAL_SENDER, help="conversation id (a new id starts afresh)")
    chat.set_defaults(func=cmd_chat)

    serve = commands.add_parser("serve", help="Rasa HTTP API and REST channel (with the action server) on 127.0.0.1")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1; any other needs the token everywhere)")
    serve.add_argument("--port", type=int, default=5005)
    serve.add_argument("--auth-token", default=os.environ.get("COMPASSION_AUTH_TOKEN"),
                       help="token for the HTTP API (?token=...); default $COMPASSION_AUTH_TOKEN, else one is made and printed once")
    serve.add_argument("--cors", nargs="+", metavar="ORIGIN", help="web origins allowed to call the server (default: none)")
    serve.add_argument("--endpoints",
                       help="Rasa endpoints file for the tracker and lock stores (default $COMPASSION_ENDPOINTS, else SQLite in the data directory)")
    serve.set_defaults(func=cmd_serve)

    train = commands.add_parser("train", help="build the spaCy pipeline and train the model if anything changed")
    train.add_argument("--force", action="store_true", help="retrain even when the model is up to date")
    train.set_defaults(func=cmd_train)

    evaluation = commands.add_parser("eval", help="NLU evaluation on a labelled file (Rasa NLU YAML or JSONL)")
    evaluation.add_argument("file", nargs="+", help="Rasa NLU YAML, or JSONL lines of {\"text\", \"expected_intent\"} (several: one line each)")
    evaluation.add_argument("--json", action="store_true", help="machine-readable report")
    evaluation.add_argument("--png", help="where to write the confusion matrix (default: beside the file)")
    evaluation.set_defaults(func=cmd_eval)

    transcribe = commands.add_parser("transcribe", help="offline speech-to-text of WAV files")
    transcribe.add_argument("files", nargs="+", help="WAV files, one utterance each")
    transcribe.add_argument("--json", action="store_true", help='one JSON line per file: {"file", "text", "seconds"}')
    _engine_options(transcribe)
    transcribe.set_defaults(func=cmd_transcribe)

    voice = commands.add_parser(
        "voice", help="talk by microphone, or answer recorded WAV files",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Talk by microphone and hear the replies; nothing leaves this machine.\n\n"
                    "push-to-talk (default): press Enter, speak, and a pause ends your turn; Ctrl-D leaves.\n"
                    "--hands-free: the microphone is calibrated to the room, then every phrase you say is a turn; Ctrl-C leaves.\n"
                    "While it speaks, Enter stops the speech and the rest of an exercise (hands-free: saying \"stop\" does too).\n"
                    "No microphone? `compassion doctor` lists audio devices; `compassion chat` is the text shell.",
    )
    voice.add_argument("--audio", nargs="+", help="WAV files, one user turn each, instead of the microphone")
    voice.add_argument("--json", action="store_true", help="one JSON object per assistant message")
    voice.add_argument("--speak-to", help="write the spoken replies to this WAV file")
    voice.add_argument("--sender", default=settings_module.LOCAL_SENDER, help="conversation id")
    _engine_options(voice)
    live = voice.add_argument_group("microphone (live mode, without --audio)")
    live.add_argument("--hands-free", action="store_true", help="listen all the time instead of push-to-talk")
    live.add_argument("--pause", type=float, metavar="SECONDS", help="quiet that ends your turn (default 0.9)")
    live.add_argument("--phrase-limit", type=float, metavar="SECONDS", help="longest single turn (default 20)")
    live.add_argument("--energy-threshold", type=float, metavar="N",
                      help="fixed loudness that counts as speech (about 50-4000); default: calibrated to the room, "
                           "and adjusted as it changes when hands-free")
    live.add_argument("--calibrate", type=float, metavar="SECONDS",
                      help="room noise to calibrate on at start (default 1.0 hands-free, 0.5 push-to-talk; 0 skips)")
    live.add_argument("--device", metavar="INDEX|NAME", help="microphone to use (default: the system's; `compassion doctor` lists them)")
    live.add_argument("--rate", type=int, metavar="WPM", help="speaking rate in words per minute (default 155: calm, a little slow)")
    live.add_argument("--voice", metavar="NAME", help="espeak-ng voice, e.g. en-us (default), en-gb, en-us+f3; `espeak-ng --voices=en` lists them")
    live.add_argument("--turns", type=int, metavar="N", help="leave after N turns (for scripts)")
    voice.set_defaults(func=cmd_voice)

    bench = commands.add_parser("bench", help="cold start, per-turn latency, memory, training and speech figures")
    bench.add_argument("--json", action="store_true")
    bench.add_argument("--runs", type=int, default=5, help="cold starts to time (median reported)")
    bench.add_argument("--turns", type=int, default=200, help="turns for the latency figures")
    bench.add_argument("--baseline", action="store_true", help="also build Rasa's `rasa init` bot in a temporary folder and measure it")
    bench.set_defaults(func=cmd_bench)

    loadtest = commands.add_parser("loadtest", help="many conversations at once against compassion serve (127.0.0.1 only)")
    loadtest.add_argument("--url", action="append", help="a running server, e.g. http://127.0.0.1:5005; repeat for several "
                          "(turns go round-robin); default: start one with SQLite in a temporary directory")
    loadtest.add_argument("--token", default=os.environ.get("COMPASSION_AUTH_TOKEN"), help="the servers' API token, to read conversations back")
    loadtest.add_argument("--conversations", type=int, default=50, help="people talking at once (default 50, at most 200)")
    loadtest.add_argument("--turns", type=int, default=20, help="messages each sends (default 20, at most 100)")
    loadtest.add_argument("--max-seconds", type=float, default=900, help="give up after this long (default 900)")
    loadtest.add_argument("--hostile", type=float, default=0.0, help="share of turns drawn from hostile inputs (0-1; e.g. 0.3)")
    loadtest.add_argument("--json", action="store_true")
    loadtest.set_defaults(func=cmd_loadtest)

    forget = commands.add_parser("forget", help="delete every stored conversation and reminder on this machine")
    forget.set_defaults(func=cmd_forget)

    doctor = commands.add_parser("doctor", help="check the model, speech and audio set-up")
    doctor.set_defaults(func=cmd_doctor)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    from actions.content import ContentError
    from assistant import logs
    from assistant.errors import SetupError

    logs.configure(debug=args.debug)
    if args.func is not cmd_train:  # every other command only runs a trained model
        from assistant import lean_rasa

        lean_rasa.install(settings_module.ROOT / "config.yml")
    try:
        return args.func(args)
    except (SetupError, ContentError) as error:
        return _fail(str(error))
    except OSError as error:
        return _fail(f"{error.strerror or error}: {error.filename or ''}".rstrip(": "))


if __name__ == "__main__":
    sys.exit(main())
