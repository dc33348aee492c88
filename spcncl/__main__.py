"""``python -m spcncl``: the same as the ``spcncl`` command."""

from spcncl.cli import main

main()
