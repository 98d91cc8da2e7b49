#!/usr/bin/env python
"""The site's command line, like `bench --site`: run it from anywhere."""

import os
import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm_site.settings")
    if sys.argv[1:2] == ["runserver"]:
        # The development server on a developer's machine is the one place for DEBUG (settings.py).
        os.environ.setdefault("DJANGO_DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
