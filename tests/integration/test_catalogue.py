"""The zh_Hans catalogue: complete (no untranslated or fuzzy entry), well-formed, and holding Unfold's strings."""

import ast
import re
import shutil
import subprocess
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "apps/securities_crm/securities_crm"
PO = APP / "locale/zh_Hans/LC_MESSAGES/django.po"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext's msgfmt is not installed")
def test_every_entry_is_translated_and_formats_match():
    result = subprocess.run(
        ["msgfmt", "--check-format", "--statistics", "-o", "/dev/null", str(PO)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    stats = result.stderr.strip()
    assert re.match(r"^\d+ translated messages\.$", stats), stats  # no fuzzy, no untranslated


def _po_msgids(text: str) -> set[str]:
    """The msgids of a PO file, continuation lines joined and escapes decoded."""
    ids, current, in_msgid = set(), None, False
    for line in text.splitlines():
        if line.startswith("msgid "):
            current, in_msgid = ast.literal_eval(line[6:]), True
        elif in_msgid and line.startswith('"'):
            current += ast.literal_eval(line)
        else:
            if in_msgid and current:
                ids.add(current)
            in_msgid = False
    return ids


def test_unfolds_strings_are_in_the_catalogue():
    source = (APP / "desk/unfold_msgids.py").read_text(encoding="utf-8")
    msgids = [
        node.args[0].value
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("gettext", "ngettext")
    ]
    assert len(msgids) > 150
    missing = set(msgids) - _po_msgids(PO.read_text(encoding="utf-8"))
    assert not missing, sorted(missing)[:10]
