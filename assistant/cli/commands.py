"""What each `compassion` command does; the options are defined in assistant/cli/arguments.py."""
from __future__ import annotations

import argparse
import contextlib
import sys
from typing import Callable, Dict

from assistant.core import settings as settings_module


def fail(message: str, code: int = 1) -> int:
    sys.stderr.write(f"compassion: {message}\n")
    return code


def cmd_chat(args: argparse.Namespace) -> int:
    from assistant.core.runtime import Engine
    from assistant.frontends import shell

    interactive = sys.stdin.isatty() and not args.json
    with shell.Spinner("Waking up the assistant..."):
        engine = Engine()
        engine.start()
    try:
        if interactive:
            print(f"{engine.welcome().text}\nType 'help' to hear more, 'quit' or Ctrl-D to leave.\n")
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

    from assistant.frontends.server import ServeOptions, serve

    return serve(ServeOptions(host=args.host, port=args.port, token=args.auth_token, cors=args.cors,
                              endpoints_file=Path(args.endpoints) if args.endpoints else None, debug=args.debug))


def cmd_web(args: argparse.Namespace) -> int:
    from pathlib import Path

    from assistant.frontends.server import ServeOptions, serve
    from assistant.frontends.web import open_when_ready, page_url

    options = ServeOptions(port=args.port, token=args.auth_token, debug=args.debug,
                           endpoints_file=Path(args.endpoints) if args.endpoints else None)
    open_when_ready(page_url(options.host, options.port))
    return serve(options)


def cmd_train(args: argparse.Namespace) -> int:
    from assistant.tools.training import train

    path = train(force=args.force)
    print(path)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    import json
    from pathlib import Path

    from assistant.core.errors import SetupError
    from assistant.core.runtime import latest_model
    from assistant.tools.evaluation import evaluate, format_report, summary_line

    sources = [Path(f) for f in args.file]
    for source in sources:
        if not source.is_file():
            raise SetupError(f"cannot read {source}: no such file")
    if args.spoken:
        from assistant.tools.spoken_eval import evaluate_file

        if args.json or args.png:
            raise SetupError("--json and --png are for the text evaluation, not --spoken")

        for source in sources:
            print(f"{source}:\n" + evaluate_file(source, args.engine, args.limit, args.allow_online).summary(), flush=True)
        return 0
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
    import os

    from assistant.frontends.voice import answer_files, run_live
    from assistant.voice.settings import VoiceSettings

    given = {"engine": args.engine, "allow_online": args.allow_online, "sender": args.sender, "json": args.json,
             "audio": tuple(args.audio or ()), "speak_to": args.speak_to, "hands_free": args.hands_free,
             "pause": args.pause, "phrase_limit": args.phrase_limit, "energy": args.energy_threshold,
             "calibrate": args.calibrate, "device": args.device, "rate": args.rate, "voice": args.voice,
             "turns": args.turns, "save_audio": os.environ.get("COMPASSION_SAVE_AUDIO") or None}
    settings = VoiceSettings(**{name: value for name, value in given.items() if value is not None})
    return answer_files(settings) if settings.audio else run_live(settings)


def cmd_bench(args: argparse.Namespace) -> int:
    from assistant.tools.bench import main as bench

    return bench(args.json, args.runs, args.turns, args.baseline)


def cmd_loadtest(args: argparse.Namespace) -> int:
    from assistant.tools.load import main as loadtest

    return loadtest(args.url or [], args.token, args.conversations, args.turns, args.max_seconds, args.json, args.hostile)


def cmd_forget(args: argparse.Namespace) -> int:
    from assistant.core.privacy import forget_everything

    print(forget_everything(settings_module.load()))
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from assistant.tools.doctor import run_checks

    return run_checks(sys.stdout)


def cmd_reminders(args: argparse.Namespace) -> int:
    import threading

    from assistant.core import reminder_service
    from assistant.core.reminders import ReminderStore

    settings = settings_module.load()
    service = reminder_service.Service(settings)
    if args.install:
        started = service.install()
        print(f"Wrote {service.path}." + (" The reminder service is running and starts at every login."
              if started else " systemd could not start it here; run `compassion reminders --daemon` instead."))
        return 0 if started else 1
    if args.uninstall:
        print(f"Removed {service.path}." if service.uninstall() else "The reminder service was not installed.")
        return 0
    stop = threading.Event()
    try:
        reminder_service.run_daemon(ReminderStore(settings.data_dir / "reminders.db"), reminder_service.notifier(), stop)
    except KeyboardInterrupt:
        stop.set()
    return 0


HANDLERS: Dict[str, Callable[[argparse.Namespace], int]] = {
    "chat": cmd_chat, "serve": cmd_serve, "train": cmd_train, "eval": cmd_eval, "transcribe": cmd_transcribe,
    "voice": cmd_voice, "bench": cmd_bench, "loadtest": cmd_loadtest, "forget": cmd_forget, "doctor": cmd_doctor,
    "web": cmd_web, "reminders": cmd_reminders,
}
