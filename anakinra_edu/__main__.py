"""``python -m anakinra_edu`` runs the command line."""

from .cli import main

raise SystemExit(main())
