"""Who may write what, as a Markdown table for the README, generated from the declarations alone:
fixtures/roles.json (the roles' rights) and each DocType's spec (core/ownership.py, core/workflow.py).

    manage.py field_rights --write README.md   # rewrites the section between the markers
"""

from __future__ import annotations

from ..core import ownership, registry
from . import rights
from .roles import ALL

START, END = "<!-- field-rights:start -->", "<!-- field-rights:end -->"


def _roles_with(table: dict, doctype: str, letters: str) -> list[str]:
    out = []
    for role in ALL:
        granted = table.get(role, {})
        if set(granted.get(doctype, granted.get("*", ""))) & set(letters):
            out.append(role)
    return out


def _codes(names) -> str:
    return ", ".join(f"`{n}`" for n in names) or "-"


def rows() -> list[list[str]]:
    table = rights.load_fixture()
    out = []
    for spec in registry.all_doctypes():
        fields = [
            f.name
            for f in spec.model._meta.concrete_fields
            if not f.primary_key and f.name not in ownership.STANDARD and not getattr(f, "source", None)
        ]
        server = [f for f in fields if ownership.owner(spec, f) == ownership.SERVER]
        flow = [f for f in fields if ownership.owner(spec, f) == ownership.WORKFLOW]
        if spec.system_only:
            writers = "nobody: written by the system only"
        elif spec.immutable:
            writers = "create only: " + (", ".join(_roles_with(table, spec.name, "c")) or "-")
        else:
            writers = ", ".join(_roles_with(table, spec.name, "wc")) or "-"
        levels = []
        for lvl in rights.levels_of(spec):
            who = [r for r in ALL if "w" in table.get(r, {}).get(f"{spec.name}@{lvl}", "")]
            at = [f for f, level in spec.permlevels.items() if level == lvl]
            levels.append(f"{_codes(at)}: {', '.join(who) or 'nobody'}")
        moves = ""
        if spec.workflow is not None:
            moves = " (moves: " + ", ".join(t.action for t in spec.workflow.transitions) + ")"
        if spec.system_only:
            server = ["every other field"]
        out.append(
            [
                spec.name,
                writers,
                _codes(server) if not spec.system_only else server[0],
                (_codes(flow) + moves) if flow else "-",
                _codes(spec.set_only_once),
                "; ".join(levels) or "-",
            ]
        )
    return out


def markdown() -> str:
    head = [
        "DocType",
        "Roles that write the other fields",
        "Set by the system",
        "Owned by the workflow",
        "Set once",
        "Higher field levels: who writes them",
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in rows()]
    return "\n".join(lines)


def replace_section(text: str) -> str:
    """`text` (the README) with the table between the markers brought up to date."""
    before, _start, rest = text.partition(START)
    _old, _end, after = rest.partition(END)
    return f"{before}{START}\n{markdown()}\n{END}{after}"
