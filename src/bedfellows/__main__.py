"""``python -m bedfellows`` is the ``bedfellows`` command."""

from .cli.main import main

main()
