"""Desk support for DocTypes with encrypted fields: masking, audited reveals and blind-index search.

A desk class lists SensitiveDeskMixin before DocTypeAdmin:

- lists, history diffs and exports always show the mask (`<field>_masked` columns);
- a form shows a sensitive field masked. A role that may see it in full (masking.REVEAL) gets an
  editable field showing the mask, a "reveal" button (a POST to <id>/reveal/<field>/ that writes one
  Audit Log row and answers the value), and may type a new value without revealing the old one: an
  empty or untouched field keeps the stored value. Anyone else sees the mask, read-only;
- the search box finds exact ID numbers and mobiles through the blind index.
"""

from __future__ import annotations

import dataclasses

from django import forms
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ..core.fields import BlindIndexField, blind_index, sensitive_fields
from ..doctype.audit_log import audit
from ..security.masking import _doctype_name, mask, may_reveal, may_search
from .history import DeskHistoryHelper


def _masked_display(field, derived: bool = False):
    def show(obj):
        value = getattr(obj, field.attname)
        if derived:  # a value that would give back a masked one is hidden whole
            return "****" if value not in (None, "") else "-"
        return mask(value, field.kind) or "-"

    show.short_description = capfirst(field.verbose_name)
    show.__name__ = f"{field.name}_masked"
    return show


class MaskedInput(forms.TextInput):
    """A sensitive value's input: it shows the mask as a placeholder and never holds the value, unless
    the reader presses "reveal" (securities_crm/reveal.js fetches it, audited, into the input)."""

    class Media:
        js = ["securities_crm/reveal.js"]

    def __init__(self, masked: str, reveal_url: str, attrs=None):
        super().__init__(attrs)
        self.masked, self.reveal_url = masked, reveal_url

    def render(self, name, value, attrs=None, renderer=None):
        attrs = {**(attrs or {}), "placeholder": self.masked, "autocomplete": "off", "data-masked": self.masked}
        box = super().render(name, None, attrs, renderer)
        return format_html(
            '<div class="crm-masked" style="display:flex;gap:8px;align-items:center">{}'
            '<button type="button" class="crm-reveal border border-base-200 rounded-default px-3 py-2 whitespace-nowrap" '
            'data-reveal-url="{}" data-target="{}">{}</button></div>',
            box,
            self.reveal_url,
            attrs.get("id", ""),
            _("Reveal"),
        )


class MaskedHistoryHelper(DeskHistoryHelper):
    """History diffs: masked values, and no rows for the blind index columns."""

    def context_for_delta_changes(self, delta):
        hidden = {f.name for f in self.model._meta.concrete_fields if isinstance(f, BlindIndexField)}
        changes = [c for c in delta.changes if c.field not in hidden]
        return super().context_for_delta_changes(dataclasses.replace(delta, changes=changes))

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if getattr(field, "sensitive", False):
            return mask(value, field.kind)
        if change.field in self.model.doctype.masked_with:
            return "****" if value not in (None, "") else value
        return super().prepare_delta_change_value(change, value)


class SensitiveDeskMixin:
    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        self.sensitive = {f.name: f for f in sensitive_fields(model)}
        for field in self.sensitive.values():
            setattr(self, f"{field.name}_masked", _masked_display(field))
        self.derived = dict(model.doctype.masked_with)  # {"birth_date": "id_number"}
        for name in self.derived:
            setattr(self, f"{name}_masked", _masked_display(model._meta.get_field(name), derived=True))

    # --- which fields the user sees in full --------------------------------------------
    def hidden_fields(self, request, obj) -> list[str]:
        """Sensitive fields this user must not see in full on this record."""
        if obj is None:
            return []  # a new record: the user types the value, nothing is revealed
        hidden = [name for name in self.sensitive if not may_reveal(request.user, obj, name)]
        return hidden + [name for name, source in self.derived.items() if source in hidden]

    def _swap(self, names, hidden):
        return [f"{n}_masked" if n in hidden else n for n in names]

    def get_fieldsets(self, request, obj=None):
        hidden = set(self.hidden_fields(request, obj))
        fieldsets = super().get_fieldsets(request, obj)
        if not hidden:
            return fieldsets
        out = []
        for title, opts in fieldsets:
            fields = [
                tuple(self._swap(f, hidden)) if isinstance(f, (list, tuple)) else self._swap([f], hidden)[0]
                for f in opts.get("fields", ())
            ]
            out.append((title, {**opts, "fields": fields}))
        return out

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + [f"{n}_masked" for n in self.hidden_fields(request, obj)]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None:
            return form
        hidden = set(self.hidden_fields(request, obj))
        masked = {
            name: mask(getattr(obj, field.attname), field.kind) or ""
            for name, field in self.sensitive.items()
            if name not in hidden and name in form.base_fields
        }
        if not masked:
            return form

        def untouched(bound, name) -> bool:
            return bound.data.get(bound.add_prefix(name), "") in ("", masked[name])

        class MaskedForm(form):
            """The stored value stays unless a new one is typed: the field arrives empty (or as its mask)."""

            def clean(self):
                data = super().clean()
                for name in masked:
                    if untouched(self, name):
                        data[name] = getattr(self.instance, name)
                return data

            @cached_property
            def changed_data(self):
                return [n for n in super().changed_data if not (n in masked and untouched(self, n))]

        MaskedForm.__name__ = form.__name__
        for name, shown in masked.items():
            url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_reveal", args=[obj.pk, name])
            field = MaskedForm.base_fields[name]
            field.required = False  # an empty field keeps the stored value
            field.widget = MaskedInput(shown, url, field.widget.attrs)
        return MaskedForm

    # --- the audited reveal --------------------------------------------------------------
    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        reveal = self.admin_site.admin_view(require_POST(self.reveal_view))
        return [path("<path:object_id>/reveal/<str:field>/", reveal, name="%s_%s_reveal" % info), *super().get_urls()]

    def reveal_view(self, request, object_id, field):
        """One sensitive value in full, for a role that may see it; one Audit Log row per reveal."""
        if field not in self.sensitive:
            raise Http404
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_permission(request, obj) or not may_reveal(request.user, obj, field):
            raise PermissionDenied
        audit.log(
            audit.READ,
            user=request.user,
            doctype=_doctype_name(obj),
            name=obj.pk,
            field=field,
            channel="desk",
            request=request,
        )
        return JsonResponse({"value": getattr(obj, self.sensitive[field].attname) or ""})

    def _audit_reveals(self, request, obj):
        done = request.__dict__.setdefault("_crm_revealed", set())
        hidden = set(self.hidden_fields(request, obj))
        rows = []
        for name, field in self.sensitive.items():
            key = (obj._meta.label, obj.pk, name)
            if name in hidden or key in done or not getattr(obj, field.attname):
                continue
            done.add(key)
            rows.append(
                dict(
                    action=audit.READ,
                    user=request.user,
                    doctype=_doctype_name(obj),
                    name=obj.pk,
                    field=name,
                    channel="desk",
                    request=request,
                )
            )
        if rows:
            audit.log_many(rows)

    # --- search through the blind index -----------------------------------------------
    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = (search_term or "").strip()
        if term:
            q, searched = Q(), []
            for field in self.sensitive.values():
                if field.index_field and may_search(request.user, self.model, field.name):
                    q |= Q(**{field.index_field: blind_index(field.kind, term)})
                    searched.append(field.name)
            if searched:
                found = queryset.filter(q)
                results = results | found
                # Who looked a value up, in which fields, and how many matched; never the value itself.
                audit.log(
                    audit.SEARCH,
                    user=request.user,
                    doctype=_doctype_name(self.model()),
                    field=",".join(searched),
                    channel="desk",
                    detail=f"{found.count()} found",
                    request=request,
                )
        return results, may_have_duplicates

    # --- history: masked diffs, and full old versions only for those who may see them ---
    def get_historical_record_context_helper(self, request, historical_record):
        return MaskedHistoryHelper(self.model, historical_record)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is None or self.hidden_fields(request, obj):
            raise PermissionDenied
        self._audit_reveals(request, obj)
        return super().history_form_view(request, object_id, version_id, extra_context)
