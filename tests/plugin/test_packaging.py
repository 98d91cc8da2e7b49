"""`pip install` gives a host the package `securities_crm/` and its package data, nothing beside it.

test_host_site runs against this checkout's editable install, where the folder beside the package is
still there. A built wheel holds only the package, so every file the app reads must live inside it."""

from pathlib import Path

import securities_crm

PACKAGE = Path(securities_crm.__file__).resolve().parent


def test_the_fixtures_the_app_reads_are_inside_the_package():
    from securities_crm.monitoring import defaults
    from securities_crm.permissions import rights
    from securities_crm.suitability import fixtures

    for path in (rights.FIXTURE, defaults.FIXTURE, fixtures.FIXTURES):
        assert Path(path).resolve().is_relative_to(PACKAGE), path
