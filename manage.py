#!/usr/bin/env python
"""Django's command-line utility; `riktning` (riktning/cli.py) is the same thing installed."""

from riktning.cli import main

if __name__ == "__main__":
    main()
