#!/usr/bin/env python
"""The example site's entry point; works from the repository root or from here."""

import os
import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "example_site.settings")
    if os.environ["DJANGO_SETTINGS_MODULE"] == "example_site.settings":
        # The development settings from a developer's shell: debug mode (and its
        # development key) unless DEBUG says otherwise. Servers start through
        # wsgi.py or the production settings, where DEBUG is off.
        os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
