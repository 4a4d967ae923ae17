#!/usr/bin/env python3
"""Thin entry point: the same as the ``empathy-vr`` console script."""

import sys

from experience.cli import main

if __name__ == "__main__":
    sys.exit(main())
