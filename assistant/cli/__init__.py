"""The ``compassion`` command: parse the arguments, set up logs and the lean Rasa import, run the command."""
from __future__ import annotations

from typing import List, Optional

from assistant.cli.arguments import build_parser
from assistant.cli.commands import HANDLERS, fail
from assistant.core import settings as settings_module


def main(argv: Optional[List[str]] = None) -> int:
    settings_module.prepare_environment()
    args = build_parser().parse_args(argv)
    from actions.content import ContentError
    from assistant.core import logs
    from assistant.core.errors import SetupError

    logs.configure(debug=args.debug)
    if args.command != "train":  # every other command only runs a trained model
        from assistant.rasa_compat import lean_import

        lean_import.install(settings_module.ROOT / "config.yml")
    try:
        return HANDLERS[args.command](args)
    except (SetupError, ContentError) as error:
        return fail(str(error))
    except OSError as error:
        return fail(f"{error.strerror or error}: {error.filename or ''}".rstrip(": "))

