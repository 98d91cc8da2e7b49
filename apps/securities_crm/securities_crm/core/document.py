"""The base every DocType inherits: Frappe's standard fields, naming, validation and docstatus.

    @doctype("Risk Alert", module="Risk", naming="series:ALT-.YYYY.-.######")
    class RiskAlert(Document):
        ...

Standard fields: name (the primary key and the public id), owner, creation, modified,
modified_by, docstatus (0 draft, 1 submitted, 2 cancelled) and idx (row order in a parent).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import fields, hooks, naming, session
from .errors import DocumentImmutable
from .registry import DocTypeSpec


class DocStatus(models.IntegerChoices):
    DRAFT = 0, _("Draft")
    SUBMITTED = 1, _("Submitted")
    CANCELLED = 2, _("Cancelled")


def _split_camel(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)


def doctype(name: str | None = None, *, history: bool = True, **options):
    """Class decorator that makes a model a DocType: its spec, and its history table."""

    def wrap(cls):
        spec = DocTypeSpec(name=name or _split_camel(cls.__name__), history=history, **options)
        cls.doctype = spec
        if history and not spec.immutable:
            from simple_history import register

            register(
                cls,
                app="securities_crm",
                table_name=f"{cls._meta.db_table}_history",
                custom_model_name=lambda n: f"Historical{n}",
            )
        return cls

    return wrap


class Document(models.Model):
    name = models.CharField(_("ID"), max_length=140, primary_key=True, editable=False)
    owner = models.CharField(_("Created By"), max_length=150, editable=False, blank=True)
    creation = models.DateTimeField(_("Created On"), editable=False, db_index=True)
    modified = models.DateTimeField(_("Last Updated On"), editable=False, db_index=True)
    modified_by = models.CharField(_("Last Updated By"), max_length=150, editable=False, blank=True)
    docstatus = models.PositiveSmallIntegerField(
        _("Document Status"), choices=DocStatus.choices, default=DocStatus.DRAFT, editable=False
    )
    idx = models.PositiveIntegerField(_("Index"), default=0, editable=False)

    doctype: DocTypeSpec  # set by @doctype
    _db_docstatus: int | None  # the stored docstatus, set on loading and saving

    class Meta:
        abstract = True
        ordering = ["-modified"]

    # --- loading ---------------------------------------------------------------------
    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        doc = super().from_db(db, field_names, values, **kwargs)
        doc._db_docstatus = doc.__dict__.get("docstatus")  # what save() compares a status change against
        doc._remember_assignee()
        return doc

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._remember_assignee()

    def _remember_assignee(self):
        """The stored assignee: an unchanged one is not re-checked (their roles may have changed since)."""
        wf = self.doctype.workflow
        if wf is not None and wf.assignee_roles:
            self._db_assignee = self.__dict__.get(f"{wf.assignee_field}_id")

    def __str__(self):
        title = self.doctype.title_field
        value = getattr(self, title, None) if title else None
        if value and title and getattr(self._meta.get_field(title), "choices", None):
            value = getattr(self, f"get_{title}_display")()  # the translated label, not the stored key
        elif value and title:
            value = fields.shown(self._meta.get_field(title), value)
        name = self.name
        if name == self.doctype.name:  # a single DocType's one record is named after it: say it in words
            name = str(self._meta.verbose_name)
        return f"{name}: {value}" if value and value != name else str(name)

    # --- hooks a DocType may override --------------------------------------------------
    def validate(self):
        """Document rules beyond single fields. Raise django ValidationError({field: message})."""

    def before_submit(self):
        """Work done as the document is submitted, before it is validated and saved. (Work that needs a
        service, such as scoring, is a before_submit handler in securities_crm/hooks.py.)"""

    # --- saving ----------------------------------------------------------------------
    def autoname(self):
        rule = self.doctype.naming
        if rule.startswith("series:"):
            self.name = naming.make_name(rule.removeprefix("series:"), self)
        elif rule.startswith("field:"):
            self.name = str(getattr(self, rule.removeprefix("field:")) or "").strip()
        elif rule == "hash":
            self.name = secrets.token_hex(5)
        elif rule == "autoincrement":
            pass  # the model declares `name = models.BigAutoField(primary_key=True)`; the database numbers it
        elif rule == "prompt" and not self.name:
            raise ValidationError({"name": _("This document needs a name.")})

    @property
    def is_new(self) -> bool:
        return self._state.adding

    def clean(self):
        super().clean()
        self._check_docstatus()
        self._check_assignee()
        self.validate()
        hooks.run(self, "validate")  # what services check (securities_crm/hooks.py)

    def _check_assignee(self):
        """A new assignee must hold one of the roles the workflow assigns to (Workflow.assignee_roles)."""
        wf = self.doctype.workflow
        if wf is None or not wf.assignee_roles:
            return
        user_id = getattr(self, f"{wf.assignee_field}_id", None)
        if user_id is None or user_id == getattr(self, "_db_assignee", None):
            return
        user_model: Any = self._meta.get_field(wf.assignee_field).related_model
        eligible = (
            user_model._default_manager.filter(pk=user_id, is_active=True, groups__name__in=wf.assignee_roles).exists()
            or user_model._default_manager.filter(pk=user_id, is_superuser=True, is_active=True).exists()
        )
        if not eligible:
            raise ValidationError(
                {
                    wf.assignee_field: _("This user does not hold a role that works on %(doctype)s.")
                    % {"doctype": self._meta.verbose_name}
                }
            )

    def _check_docstatus(self):
        before = getattr(self, "_db_docstatus", None)
        after = self.docstatus
        if self.is_new:
            if after not in (DocStatus.DRAFT, DocStatus.SUBMITTED) or (after and not self.doctype.submittable):
                raise ValidationError({"docstatus": _("A new document must be a draft.")})
            return
        if before is None or before == after:
            return
        allowed = {(DocStatus.DRAFT, DocStatus.SUBMITTED), (DocStatus.SUBMITTED, DocStatus.CANCELLED)}
        if not self.doctype.submittable or (before, after) not in allowed:
            raise ValidationError(
                {
                    "docstatus": _("Cannot change the document status from %(a)s to %(b)s.")
                    % {"a": DocStatus(before).label, "b": DocStatus(after).label}
                }
            )

    def save(self, *args, validate: bool = True, **kwargs):
        spec = self.doctype
        if not self.is_new:
            if spec.immutable:
                raise DocumentImmutable(
                    _("%(doctype)s records cannot be changed once written.") % {"doctype": spec.name}
                )
            if getattr(self, "_db_docstatus", 0) == DocStatus.CANCELLED:
                raise DocumentImmutable(_("A cancelled document cannot be changed."))
        now = timezone.now()
        user = session.get_user()
        before = getattr(self, "_db_docstatus", None)
        submitting = validate and self.docstatus == DocStatus.SUBMITTED and before in (None, DocStatus.DRAFT)
        cancelling = validate and self.docstatus == DocStatus.CANCELLED and before == DocStatus.SUBMITTED
        with transaction.atomic():
            if submitting and spec.submittable:
                self.before_submit()
                hooks.run(self, "before_submit")
            if validate:
                self.full_clean(exclude=["name"], validate_unique=False, validate_constraints=False)
            if self.is_new:
                if spec.naming != "prompt" or not self.name:
                    self.autoname()
                self.creation = self.creation or now
                self.owner = self.owner or user
            elif getattr(self, "_db_docstatus", 0) == DocStatus.SUBMITTED and self.docstatus == DocStatus.SUBMITTED:
                self._check_submitted_changes()
            self.modified = now
            self.modified_by = user
            inserting = self.is_new
            if inserting:
                kwargs.setdefault("force_insert", True)
            super().save(*args, **kwargs)
            self._db_docstatus = self.docstatus
            self._remember_assignee()
            if inserting and validate:
                hooks.run(self, "after_insert")
            if validate:
                hooks.run(self, "on_update")
            if submitting:
                hooks.run(self, "on_submit")
            elif cancelling:
                hooks.run(self, "on_cancel")

    def _check_submitted_changes(self):
        """A submitted document is a record: only allow_on_submit fields may still change."""
        stored: Mapping[str, Any] = type(self)._default_manager.filter(pk=self.pk).values().first() or {}
        locked = [
            f.attname
            for f in self._meta.concrete_fields
            if f.attname not in self.doctype.allow_on_submit
            and f.attname not in ("modified", "modified_by")
            and stored.get(f.attname) != getattr(self, f.attname)
        ]
        if locked:
            raise DocumentImmutable(
                _("A submitted document cannot be changed (%(fields)s).") % {"fields": ", ".join(locked)}
            )

    def submit(self):
        if not self.doctype.submittable:
            raise ValidationError(_("%(doctype)s is not submittable.") % {"doctype": self.doctype.name})
        self.docstatus = DocStatus.SUBMITTED
        self.save()  # runs before_submit and the services' before_submit and on_submit

    def cancel(self):
        self.docstatus = DocStatus.CANCELLED
        self.save()

    def delete(self, *args, **kwargs):
        if self.doctype.immutable:
            raise DocumentImmutable(_("%(doctype)s records cannot be deleted.") % {"doctype": self.doctype.name})
        if self.docstatus == DocStatus.SUBMITTED:
            raise DocumentImmutable(_("Cancel a submitted document before deleting it."))
        return super().delete(*args, **kwargs)


class BulkDocument(Document):
    """A DocType written in bulk, up to millions of rows at a time (trading records, profiles, segment
    memberships, automatic tags): its stamps carry no index. Each index is one more write per row; nobody lists these
    by when they were stamped, and an update that touches no indexed column can stay on its page
    (PostgreSQL's heap-only updates) and leave the indexes alone."""

    creation = models.DateTimeField(_("Created On"), editable=False)
    modified = models.DateTimeField(_("Last Updated On"), editable=False)

    class Meta(Document.Meta):
        abstract = True


def bulk_link(to: str, verbose_name, related_name: str, on_delete=models.CASCADE, **options) -> models.ForeignKey:
    """A link on a BulkDocument: no index of its own (a composite index leads with it, or nothing looks
    rows up by it alone) and no database constraint (a deferred check locks the linked row for every row
    written, millions at a commit). Django's collector still applies `on_delete`; the rows are written by
    jobs from records they have just read, or through the desk and the API, which check the link."""
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        on_delete=on_delete,
        related_name=related_name,
        db_index=False,
        db_constraint=False,
        **options,
    )


class SingleDocument(Document):
    """Frappe's Single DocType: settings kept as one record, named after its DocType (naming "prompt").
    `get_solo()` gives the record, or an unsaved one holding the defaults until someone saves it."""

    class Meta(Document.Meta):
        abstract = True

    @classmethod
    def initial(cls) -> dict:
        """Values of the record before it is first saved, beyond the fields' defaults."""
        return {}

    @classmethod
    def get_solo(cls):
        name = cls.doctype.name
        return cls._default_manager.filter(pk=name).first() or cls(name=name, **cls.initial())

    def clean(self):
        if self.name != self.doctype.name:
            raise ValidationError(
                {"name": _("There is only one %(doctype)s record.") % {"doctype": self._meta.verbose_name}}
            )
        super().clean()
