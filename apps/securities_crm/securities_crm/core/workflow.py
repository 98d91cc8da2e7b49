"""Workflows: a DocType's state field, the moves between its states, and the record of each move.

    WORKFLOW = Workflow(log="transitions", owns=("closed_at", "resolution"), transitions=(
        Transition("investigate", ("Open", "Assigned"), "Investigating", _("Investigate")),
        Transition("close", ("Open", "Assigned", "Investigating"), "Closed", _("Close")),
    ))

    @doctype("Risk Alert", ..., workflow=WORKFLOW)

The state field and the fields in `owns` change only through `apply()`: the generic write path
refuses them on every route (core/ownership.py) and the desk shows them read-only. So the only way
to close an alert is the move that asks for a resolution and a reason, and records who and when.

A DocType may check a move's inputs and do its work in `before_transition(move, user, reason, values)`
(before saving) and `after_transition(move, user, reason, values)` (after saving, in the same
transaction). Whether the caller may make the move is the policy's question (`move.right` names the
DocType right it needs); the interfaces ask it before calling apply().
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import hooks, i18n

SYSTEM = "system"


@dataclass(frozen=True)
class Transition:
    action: str  # the name callers use: "close", "approve"
    sources: tuple[str, ...]  # the states it leaves from
    target: str
    label: object = ""  # shown on the desk's button (lazy translation)
    right: str = "write"  # the DocType right the caller needs: "write", or "submit" for reviewers' moves
    roles: tuple[str, ...] = ()  # if given, the caller must also hold one of these roles
    needs_reason: bool = True


@dataclass(frozen=True)
class Workflow:
    transitions: tuple[Transition, ...]
    field: str = "status"
    log: str | None = "transitions"  # a JSON field where each move is appended
    owns: tuple[str, ...] = ()  # other fields only moves write (closed_at, reviewer, ...)
    reason_field: str = "reason"  # where the reason is kept, if a field (a resolution): errors name it
    # Whom the workflow hands its records to: the assignee field, and the roles (names) one of which an
    # assignee must hold. The desk offers only those users, and a save refuses anyone else (document.py).
    assignee_field: str = "assigned_to"
    assignee_roles: tuple[str, ...] = ()

    @property
    def owned(self) -> tuple[str, ...]:
        return (self.field, *self.owns, *((self.log,) if self.log else ()))

    def get(self, action: str) -> Transition | None:
        return next((t for t in self.transitions if t.action == action), None)

    def available(self, state: str) -> list[Transition]:
        """The moves that leave from `state`."""
        return [t for t in self.transitions if state in t.sources]

    def to(self, state: str, target: str) -> Transition | None:
        """The move from `state` to `target`, for callers that pick a state rather than an action."""
        return next((t for t in self.available(state) if t.target == target), None)


def username(user) -> str:
    return getattr(user, "username", None) or str(user or SYSTEM)


def apply(doc, action: str, user=SYSTEM, reason: str | i18n.Message = "", **values):
    """Make the move `action` on `doc`, recording who, when and why; returns the document."""
    wf: Workflow = doc.doctype.workflow
    move = wf.get(action) if wf is not None else None
    if move is None:
        raise ValidationError(
            {wf.field if wf else "status": _("%(action)s is not a move of this workflow.") % {"action": action}}
        )
    state = getattr(doc, wf.field)
    if state not in move.sources:
        raise ValidationError(
            {
                wf.field: _("%(doctype)s %(name)s is %(state)s and cannot move to %(target)s.")
                % {
                    "doctype": doc._meta.verbose_name,
                    "name": doc.pk,
                    "state": _state_label(doc, wf, state),
                    "target": _state_label(doc, wf, move.target),
                }
            }
        )
    # A reason the system words is a Message: kept as data, shown in the reader's language (core/i18n.py);
    # handlers and the history row get its text in the site's language.
    reason_data = None
    if isinstance(reason, i18n.Message):
        (reason,), (reason_data,) = i18n.stored([reason], limit=1000)
    reason = (reason or "").strip() if isinstance(reason, str) else ""
    if move.needs_reason and not reason:
        raise ValidationError({wf.reason_field: _("Say why.")})
    with transaction.atomic():
        before = getattr(doc, "before_transition", None)
        if before is not None:
            before(move, user, reason, values)
        hooks.run(doc, "before_transition", move, user, reason, values)
        if wf.log:
            entry = {
                "action": move.action,
                "from": state,
                "to": move.target,
                "by": username(user),
                "at": timezone.now().isoformat(),
                "reason": reason,
            }
            if reason_data:
                entry["reason_data"] = reason_data
            setattr(doc, wf.log, [*(getattr(doc, wf.log) or []), entry])
        setattr(doc, wf.field, move.target)
        doc._change_reason = reason  # the history row says why too
        doc.save()
        after = getattr(doc, "after_transition", None)
        if after is not None:
            after(move, user, reason, values)
        hooks.run(doc, "after_transition", move, user, reason, values)
    return doc


def _state_label(doc, wf: Workflow, state: str) -> str:
    choices = dict(doc._meta.get_field(wf.field).choices or [])
    return str(choices.get(state, state))
