"""`python -m tracker.counting FILE.blt --method …`: the `count` command without loading the app."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
