"""The DocType registry: public DocType names ("Risk Alert") to models, and back.

The REST API, the OpenAPI document, the desk's sidebar and the permission fixtures all
read this one table, so a new DocType appears everywhere once its model exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps

if TYPE_CHECKING:
    from .workflow import Workflow

# The desk groups DocTypes by module, in this order.
MODULES = [
    "Organisation",
    "Clients",
    "Suitability",
    "Trading",
    "Risk",
    "Profiling",
    "Marketing",
    "Service",
    "Education",
    "Feedback",
    "Assistant",
    "Integration",
    "Security",
    "Core",
]


@dataclass
class DocTypeSpec:
    """What Frappe keeps in a DocType record, for one of our models."""

    name: str = ""
    module: str = "Core"
    # "series:CL-.######", "field:branch_code", "hash", "prompt" (given by the caller), or
    # "autoincrement" for high-volume DocTypes, whose model overrides `name` with a BigAutoField
    naming: str = "hash"
    submittable: bool = False
    immutable: bool = False  # trades and the like: no update or delete once written
    history: bool = True
    # Paths from this DocType to the facts record rules need; None where it has no such link.
    client_path: str | None = None  # e.g. "client" or "account__client"
    branch_path: str | None = None  # e.g. "branch" or "client__branch"
    manager_path: str | None = None  # e.g. "client_manager" or "client__client_manager"
    user_path: str | None = None  # records that belong to one user, e.g. "for_user"
    title_field: str | None = None
    search_fields: tuple[str, ...] = ()
    # Per-role record scope overrides: {"Service Agent": "all"}; see permissions.policy.
    role_scopes: dict[str, str] = field(default_factory=dict)
    # Each role's rights on this DocType, as Frappe keeps them in the DocType: letters r read, w write,
    # c create, d delete, s submit, e export ({"Client Manager": "rwc"}). fixtures/roles.json holds the
    # roles themselves and what spans DocTypes ("*" for the System Manager, users and roles).
    rights: dict[str, str] = field(default_factory=dict)
    # Rights on the fields of a higher permlevel: {1: {"Compliance Officer": "w"}} (see permlevels).
    level_rights: dict[int, dict[str, str]] = field(default_factory=dict)
    # Fields a submitted document may still change (Frappe's allow_on_submit).
    allow_on_submit: tuple[str, ...] = ()
    # Child tables, as in Frappe: {"questions": "Risk Questionnaire Question"}. The child DocType's
    # model has a ForeignKey to this one and an `idx`; the API reads and writes the rows nested.
    child_tables: dict[str, str] = field(default_factory=dict)
    # --- who writes each field (core/ownership.py reads these; every route obeys them) ---
    # Fields only the server writes: computed results, who-and-when stamps, links it makes itself.
    # (A field declared `editable=False` is server-set too.)
    server_set: tuple[str, ...] = ()
    # Fields a caller may give when creating a record but never change afterwards.
    set_only_once: tuple[str, ...] = ()
    # Frappe's permlevel: {field: level}. Level 0 needs the DocType's write right; a higher level needs
    # that level's right ("<DocType>@<level>": "w" in fixtures/roles.json), which "*" never grants.
    permlevels: dict[str, int] = field(default_factory=dict)
    # Records written only by the system's own methods (audit rows, suitability records, batches):
    # no generic insert, update or delete on any route, whatever a role's rights say.
    system_only: bool = False
    # Fields that give back a masked one: {"birth_date": "id_number"} (the ID number's hidden digits are the
    # birth date). A reader who sees the source only masked sees these masked too, and may not filter on them.
    masked_with: dict[str, str] = field(default_factory=dict)
    # The workflow that owns the state field (core/workflow.Workflow); None for DocTypes without one.
    workflow: Workflow | None = None
    model: Any = None  # the model class, set by build() for every registered DocType


_by_name: dict[str, DocTypeSpec] = {}
_by_model: dict[type, DocTypeSpec] = {}


def build() -> None:
    """Collect every model that carries a `doctype` spec (called from AppConfig.ready)."""
    _by_name.clear()
    _by_model.clear()
    for model in apps.get_app_config("securities_crm").get_models():
        spec = getattr(model, "doctype", None)
        if isinstance(spec, DocTypeSpec):
            spec.model = model
            _by_name[spec.name] = spec
            _by_model[model] = spec


def get(name: str) -> DocTypeSpec | None:
    return _by_name.get(name)


def require(name: str) -> DocTypeSpec:
    """The spec of a DocType the caller knows exists (a LookupError otherwise)."""
    spec = _by_name.get(name)
    if spec is None:
        raise LookupError(f"no DocType {name!r}")
    return spec


def for_model(model) -> DocTypeSpec | None:
    if not isinstance(model, type):
        model = type(model)
    return _by_model.get(model)


def all_doctypes() -> list[DocTypeSpec]:
    return sorted(_by_name.values(), key=lambda s: (MODULES.index(s.module) if s.module in MODULES else 99, s.name))
