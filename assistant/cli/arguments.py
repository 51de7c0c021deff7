"""The `compassion` command line: every command and option, apart from what the commands do (see ../shared/spec/interfaces.md)."""
from __future__ import annotations

import argparse
import os

from assistant.core import settings as settings_module


def _positive(text: str) -> int:
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive number")
    return number


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

    serve = commands.add_parser("serve", help="Rasa HTTP API and REST channel (with the action server) on 127.0.0.1")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1; any other needs the token everywhere)")
    serve.add_argument("--port", type=int, default=5005)
    serve.add_argument("--auth-token", default=os.environ.get("COMPASSION_AUTH_TOKEN"),
                       help="token for the HTTP API (?token=...); default $COMPASSION_AUTH_TOKEN, else one is made and printed once")
    serve.add_argument("--cors", nargs="+", metavar="ORIGIN", help="web origins allowed to call the server (default: none)")
    serve.add_argument("--endpoints",
                       help="Rasa endpoints file for the tracker and lock stores "
                            "(default $COMPASSION_ENDPOINTS, else SQLite in the data directory)")

    web = commands.add_parser("web", help="the calm local web page: starts the server and opens it in your browser")
    web.add_argument("--port", type=int, default=5005)
    web.add_argument("--auth-token", default=os.environ.get("COMPASSION_AUTH_TOKEN"),
                     help="token for the HTTP API (the page needs none); default $COMPASSION_AUTH_TOKEN, else one is made")
    web.add_argument("--endpoints", help="Rasa endpoints file for the tracker and lock stores (as for serve)")

    train = commands.add_parser("train", help="build the spaCy pipeline and train the model if anything changed")
    train.add_argument("--force", action="store_true", help="retrain even when the model is up to date")

    evaluation = commands.add_parser("eval", help="NLU evaluation on a labelled file (Rasa NLU YAML or JSONL)")
    evaluation.add_argument("file", nargs="+",
                            help="Rasa NLU YAML, or JSONL lines of {\"text\", \"expected_intent\"} (several: one line each)")
    evaluation.add_argument("--json", action="store_true", help="machine-readable report")
    evaluation.add_argument("--png", help="where to write the confusion matrix (default: beside the file)")
    evaluation.add_argument("--spoken", action="store_true",
                            help="speak a YAML file's messages with the synthetic voices and hear them (several minutes)")
    evaluation.add_argument("--limit", type=_positive, default=10000, help="with --spoken: at most this many non-crisis messages")
    _engine_options(evaluation)

    transcribe = commands.add_parser("transcribe", help="offline speech-to-text of WAV files")
    transcribe.add_argument("files", nargs="+", help="WAV files, one utterance each")
    transcribe.add_argument("--json", action="store_true", help='one JSON line per file: {"file", "text", "seconds"}')
    _engine_options(transcribe)

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
    live.add_argument("--voice", metavar="NAME",
                      help="espeak-ng voice, e.g. en-us (default), en-gb, en-us+f3; `espeak-ng --voices=en` lists them")
    live.add_argument("--turns", type=int, metavar="N", help="leave after N turns (for scripts)")

    bench = commands.add_parser("bench", help="cold start, per-turn latency, memory, training and speech figures")
    bench.add_argument("--json", action="store_true")
    bench.add_argument("--runs", type=int, default=5, help="cold starts to time (median reported)")
    bench.add_argument("--turns", type=int, default=200, help="turns for the latency figures")
    bench.add_argument("--baseline", action="store_true", help="also build Rasa's `rasa init` bot in a temporary folder and measure it")

    loadtest = commands.add_parser("loadtest", help="many conversations at once against compassion serve (127.0.0.1 only)")
    loadtest.add_argument("--url", action="append", help="a running server, e.g. http://127.0.0.1:5005; repeat for several "
                          "(turns go round-robin); default: start one with SQLite in a temporary directory")
    loadtest.add_argument("--token", default=os.environ.get("COMPASSION_AUTH_TOKEN"),
                          help="the servers' API token, to read conversations back")
    loadtest.add_argument("--conversations", type=int, default=50, help="people talking at once (default 50, at most 200)")
    loadtest.add_argument("--turns", type=int, default=20, help="messages each sends (default 20, at most 100)")
    loadtest.add_argument("--max-seconds", type=float, default=900, help="give up after this long (default 900)")
    loadtest.add_argument("--hostile", type=float, default=0.0, help="share of turns drawn from hostile inputs (0-1; e.g. 0.3)")
    loadtest.add_argument("--json", action="store_true")

    commands.add_parser("forget", help="delete every stored conversation and reminder on this machine")

    commands.add_parser("doctor", help="check the model, speech and audio set-up")

    reminders = commands.add_parser("reminders", help="reminders while the chat is closed: an opt-in background service")
    mode = reminders.add_mutually_exclusive_group(required=True)
    mode.add_argument("--daemon", action="store_true", help="show due reminders as desktop notifications until stopped")
    mode.add_argument("--install", action="store_true", help="write the systemd user unit (~/.config/systemd/user) and start it")
    mode.add_argument("--uninstall", action="store_true", help="stop the background service and remove its unit")
    return parser
