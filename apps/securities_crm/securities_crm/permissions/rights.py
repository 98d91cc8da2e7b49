"""Role rights per DocType, loaded from fixtures/roles.json into Django groups and permissions.

Django gives every model add/change/delete/view; we add `submit` and `export`, and map
Frappe's letters onto them: r→view, w→change, c→add, d→delete, s→submit, e→export.
"""

import json
from pathlib import Path

from ..core import registry

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "roles.json"
LETTERS = {"r": "view", "w": "change", "c": "add", "d": "delete", "s": "submit", "e": "export"}
# Django's own models that a role may be given rights on by name. They are never covered by "*":
# managing users and roles is granted explicitly, role by role.
AUTH_MODELS = {"User": ("auth", "user"), "Role": ("auth", "group")}
ACTIONS = {
    "read": "view",
    "write": "change",
    "create": "add",
    "delete": "delete",
    "submit": "submit",
    "export": "export",
}


def codename(action: str, model) -> str:
    """Django's permission codename: "change_client"; "change1_client" for writing level 1 ("write@1")."""
    verb, _at, lvl = action.partition("@")
    return f"{ACTIONS.get(verb, verb)}{lvl}_{model._meta.model_name}"


def levels_of(spec) -> list[int]:
    """The permlevels above 0 that a DocType's fields use."""
    return sorted({lvl for lvl in spec.permlevels.values() if lvl > 0})


def load_fixture() -> dict[str, dict[str, str]]:
    """Every role's rights: {role: {DocType: letters, "<DocType>@<level>": letters, "*": ..., "User": ...}},
    from fixtures/roles.json (the roles, and rights that span DocTypes) and each DocType's spec."""
    table = {role: dict(granted) for role, granted in json.loads(FIXTURE.read_text(encoding="utf-8"))["rights"].items()}
    for spec in registry.all_doctypes():
        for role, letters in spec.rights.items():
            table[role][spec.name] = letters  # a role no roles.json names is an error: KeyError at start-up
        for level, granted in spec.level_rights.items():
            for role, letters in granted.items():
                table[role][f"{spec.name}@{level}"] = letters
    return table


def sync_roles(verbosity: int = 0) -> None:
    """Create the roles and give each exactly the rights the fixture lists (idempotent)."""
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()  # a test flush re-creates content types under new ids
    specs = registry.all_doctypes()
    perms: dict[tuple[str, str], Permission] = {}
    for spec in specs:
        ct = ContentType.objects.get_for_model(spec.model)
        for verb in ("submit", "export"):
            Permission.objects.get_or_create(
                content_type=ct,
                codename=f"{verb}_{spec.model._meta.model_name}",
                defaults={"name": f"Can {verb} {spec.name}"},
            )
        for lvl in levels_of(spec):
            Permission.objects.get_or_create(
                content_type=ct,
                codename=codename(f"write@{lvl}", spec.model),
                defaults={"name": f"Can change level {lvl} fields of {spec.name}"},
            )
        for p in Permission.objects.filter(content_type=ct):
            perms[(spec.name, p.codename.split("_", 1)[0])] = p

    for name, (app_label, model_name) in AUTH_MODELS.items():
        for p in Permission.objects.filter(content_type__app_label=app_label, content_type__model=model_name):
            perms[(name, p.codename.split("_", 1)[0])] = p

    for role, table in load_fixture().items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for spec in specs:
            letters = table.get(spec.name, table.get("*", ""))
            wanted += [perms[(spec.name, LETTERS[ch])] for ch in letters if (spec.name, LETTERS[ch]) in perms]
            # Field levels are granted by name only ("AML Report@1": "w"): "*" never reaches them.
            wanted += [
                perms[(spec.name, f"change{lvl}")]
                for lvl in levels_of(spec)
                if "w" in table.get(f"{spec.name}@{lvl}", "")
            ]
        for name in AUTH_MODELS:
            wanted += [perms[(name, LETTERS[ch])] for ch in table.get(name, "") if (name, LETTERS[ch]) in perms]
        group.permissions.set(wanted)
        if verbosity:
            print(f"role {role}: {len(wanted)} rights")
