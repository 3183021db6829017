"""``python -m supportkit``: the same as the ``supportkit`` command."""

from supportkit.cli import main

raise SystemExit(main())
