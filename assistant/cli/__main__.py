"""`python -m assistant.cli` runs the `compassion` command."""
from assistant.cli import main

raise SystemExit(main())
