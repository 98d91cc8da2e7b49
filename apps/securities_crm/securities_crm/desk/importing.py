"""Desk imports (django-import-export) under the same rules as every other write.

The resource is built per request: it imports only the columns the user may write (core/ownership.py:
never a server-set or workflow-owned field, nor a field above the user's level), updates only records
the user may change, and refuses a row that would land outside the user's records. Other columns of
the file are ignored, as a form ignores fields it does not show.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import resources

from ..core import ownership, registry
from ..permissions import policy


class DocTypeResource(resources.ModelResource):
    user = None  # set per request by for_user()

    def get_queryset(self):
        return policy.filter_queryset(self.user, self._meta.model._default_manager.all(), "write")

    def get_instance(self, instance_loader, row):
        found = super().get_instance(instance_loader, row)
        name = row.get("name")
        if found is None and name not in (None, "") and self._meta.model._default_manager.filter(pk=name).exists():
            # The record exists but is not the user's to change: the same answer as a missing one.
            raise ValidationError(
                _("%(doctype)s %(name)s not found") % {"doctype": self._meta.model._meta.verbose_name, "name": name}
            )
        return found

    def before_save_instance(self, instance, row, **kwargs):
        spec = registry.for_model(self._meta.model)
        if instance._state.adding or not spec.set_only_once:
            return
        stored = self._meta.model._default_manager.filter(pk=instance.pk).values(*spec.set_only_once).first() or {}
        changed = {
            f: [ownership.refusal(spec, f, creating=False, levels={0})]
            for f in spec.set_only_once
            if f in stored and stored[f] != getattr(instance, self._meta.model._meta.get_field(f).attname)
        }
        if changed:
            raise ValidationError(changed)

    def after_save_instance(self, instance, row, **kwargs):
        if not policy.can(self.user, "write", instance):
            raise ValidationError(_("This row would be outside your records."))


def for_user(model, user) -> type[DocTypeResource]:
    """The import resource of `model` for `user`: the writable fields, keyed by name."""
    spec = registry.for_model(model)
    levels = policy.writable_levels(user, model)
    writable = [
        f for f in ownership.writable(spec, creating=True, levels=levels) if not (model._meta.get_field(f).primary_key)
    ]
    meta = type(
        "Meta",
        (),
        {"model": model, "fields": ("name", *writable), "import_id_fields": ("name",), "skip_unchanged": True},
    )
    return type(f"{model.__name__}ImportResource", (DocTypeResource,), {"Meta": meta, "user": user})
