"""Record rules: which rows of a DocType a user may touch. The one place that decides it.

A role's right (rights.py) says whether a user may read, write... a DocType at all. The
record rule says which records. Each role has a scope:

    all      every record
    branch   records of the user's branch (through the DocType's `branch_path`)
    manager  records of clients the user manages (through `manager_path`)
    advisor  records of clients assigned to the user as their advisor (the client's `advisor`,
             reached through `client_path`)
    self     the portal client's own records (through `client_path`)
    user     records addressed to the user (through `user_path`)
    none     nothing

A DocType without the path a scope needs is not partitioned that way (a Product has no
branch), so the scope widens to the next one that applies, down to `all`. A user with
several roles sees the union. A DocType may override a role's scope in its spec
(`role_scopes`, "*" for every role), and always shows a user the records addressed to them.
"""

from __future__ import annotations

import inspect
from functools import cache
from typing import Any

import rules
from django.contrib.auth import get_user_model
from django.db.models import Q

from ..core import registry
from . import rights
from .roles import (
    ADVISOR,
    BRANCH_MANAGER,
    CLIENT,
    CLIENT_MANAGER,
    COMPLIANCE_OFFICER,
    MARKETING,
    RISK_OFFICER,
    SERVICE_AGENT,
    SYSTEM_MANAGER,
    user_roles,
)

DEFAULT_SCOPES = {
    SYSTEM_MANAGER: "all",
    COMPLIANCE_OFFICER: "all",
    RISK_OFFICER: "all",
    BRANCH_MANAGER: "branch",
    CLIENT_MANAGER: "manager",
    ADVISOR: "advisor",
    SERVICE_AGENT: "all",
    MARKETING: "all",
    CLIENT: "self",
}
NOTHING = Q(pk__in=[])


def _path(base: str, attr: str) -> str:
    return attr if base == "" else f"{base}__{attr}"


def user_branch_id(user):
    if not hasattr(user, "_crm_branch"):
        profile = getattr(user, "staff_profile", None) if user.is_authenticated else None
        user._crm_branch = profile.branch_id if profile is not None else None
    return user._crm_branch


def _scope_q(user, spec, scope: str) -> Q | None:
    """The filter for one scope; None means every record."""
    if scope == "all":
        return None
    if scope == "none":
        return NOTHING
    if scope == "user":
        return Q(**{spec.user_path: user}) if spec.user_path is not None else NOTHING
    if scope == "self":
        if spec.client_path is not None:
            return Q(**{_path(spec.client_path, "user"): user})
        if spec.user_path is not None:
            return Q(**{spec.user_path: user})
        return None
    if scope == "manager" and spec.manager_path is not None:
        return Q(**{spec.manager_path: user})
    if scope == "advisor" and spec.client_path is not None:
        return Q(**{_path(spec.client_path, "advisor"): user})
    if scope in ("manager", "advisor", "branch") and spec.branch_path is not None:
        branch = user_branch_id(user)
        return Q(**{spec.branch_path: branch}) if branch else NOTHING
    return None


def scope(user, model, action: str = "read") -> Q | None:
    """The records of `model` that `user` may `action`, as a Q; None means all of them.

    A model may narrow this further with a static `restrict_scope(roles, action)` returning a Q (or
    None): confidential AML alerts that only Compliance may see, AML rules that only Compliance may change.
    One that also takes `user` gets the user (a personal saved reply is its owner's only)."""
    q = _role_scope(user, model)
    restrict = getattr(model, "restrict_scope", None)
    if restrict is None or user.is_superuser:
        return q
    extra = restrict(user_roles(user), action, **({"user": user} if _wants_user(restrict) else {}))
    if extra is None:
        return q
    return extra if q is None else q & extra


@cache
def _wants_user(restrict) -> bool:
    """Does a model's restrict_scope take the user too (records that belong to one person, as a personal
    saved reply), beside the roles and the action?"""
    return "user" in inspect.signature(restrict).parameters


def _role_scope(user, model) -> Q | None:
    spec = registry.for_model(model)
    if spec is None or user.is_superuser:
        return None
    roles = user_roles(user)
    if not roles:
        return NOTHING
    combined = NOTHING
    for role in roles:
        kind = spec.role_scopes.get(role, spec.role_scopes.get("*", DEFAULT_SCOPES.get(role, "none")))
        q = _scope_q(user, spec, kind)
        if q is None:
            return None
        combined |= q
    if spec.user_path is not None:
        combined |= Q(**{spec.user_path: user})
    return combined


def has_right(user, action: str, model) -> bool:
    if not user or not user.is_active or not user.is_authenticated:
        return False
    return user.has_perm(f"securities_crm.{rights.codename(action, model)}")


def filter_queryset(user, queryset, action: str = "read"):
    """The rows of `queryset` that `user` may act on; empty when the role has no right."""
    model = queryset.model
    if not has_right(user, action, model):
        return queryset.none()
    q = scope(user, model, action)
    return queryset if q is None else queryset.filter(q)


def can(user, action: str, obj_or_model) -> bool:
    """May `user` do `action` on this record (or, given a model, on the DocType at all)?"""
    model: Any = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    if not has_right(user, action, model):
        return False
    if isinstance(obj_or_model, type) or obj_or_model.pk is None:
        return True
    q = scope(user, model, action)
    return q is None or model._default_manager.filter(q, pk=obj_or_model.pk).exists()


def may_move(user, doc, move) -> bool:
    """May `user` make the workflow move `move` (core/workflow.Transition) on `doc`?"""
    if not can(user, move.right, doc):
        return False
    return not move.roles or user.is_superuser or bool(user_roles(user) & set(move.roles))


def assignees(model, obj=None):
    """The users `model`'s workflow may assign to: active users holding one of its assignee roles, and, for
    a given record, only those who may also write it (the record rules narrow a role to its records).
    None when the workflow names no roles (any user, as before)."""
    spec = registry.for_model(model)
    wf = spec.workflow if spec is not None else None
    if wf is None or not wf.assignee_roles:
        return None
    pool = (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, groups__name__in=wf.assignee_roles)
        .distinct()
        .order_by("username")
    )
    if obj is None or obj.pk is None:
        return pool
    return pool.filter(pk__in=[u.pk for u in pool if can(u, "write", obj)])


def writable_levels(user, model) -> frozenset[int]:
    """The field permlevels `user` may write on `model` (core/ownership.py): 0 with the write right,
    and each higher level whose right a role grants by name. A superuser writes every level."""
    spec = registry.for_model(model)
    levels = set(rights.levels_of(spec)) if spec is not None else set()
    if user.is_superuser:
        return frozenset({0, *levels})
    granted = {lvl for lvl in levels if has_right(user, f"write@{lvl}", model)}
    return frozenset({0, *granted} if has_right(user, "write", model) or has_right(user, "create", model) else granted)


def register_rules() -> None:
    """Expose the policy through `user.has_perm(perm, obj)` via django-rules, for code that asks that way."""
    for spec in registry.all_doctypes():
        for action in rights.ACTIONS:
            perm = f"securities_crm.{rights.codename(action, spec.model)}"
            rules.set_perm(perm, rules.predicate(_object_check(action), name=perm))


def _object_check(action: str):
    def check(user, obj):
        # Without an object Django's ModelBackend answers from the role rights.
        return obj is not None and can(user, action, obj)

    return check
