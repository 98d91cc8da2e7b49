"""The desk's side of workflows (core/workflow.py): a "Change status" page for any DocType with one.

The page offers only the moves the user may make (permissions.policy.may_move) from the record's
state, asks why, and hands everything to core.workflow.apply, which records who, when and why. The
form never edits the state field itself: that field is read-only in every form.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy
from unfold.widgets import (
    UnfoldAdminRadioSelectWidget,
    UnfoldAdminSelectWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
)

from ..core import i18n, workflow
from ..permissions import policy
from .requests import current_request


class MoveForm(forms.Form):
    action = forms.ChoiceField(label=pgettext_lazy("workflow", "Action"), widget=UnfoldAdminRadioSelectWidget)
    reason = forms.CharField(label=_("Why"), required=False, widget=UnfoldAdminTextareaWidget(attrs={"rows": 3}))

    def __init__(self, *args, moves, extra_fields=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(m.action, m.label or m.action) for m in moves]
        for name, field in (extra_fields or {}).items():
            self.fields[name] = field
            _in_desk_look(field)


def _in_desk_look(field: forms.Field) -> None:
    """The desk's (Unfold's) widget for an extra field a DocType's moves ask for, whatever it declared."""
    if isinstance(field.widget, forms.Select) and not isinstance(field.widget, forms.SelectMultiple):
        choices = field.widget.choices
        field.widget = UnfoldAdminSelectWidget()
        field.widget.choices = choices
    elif isinstance(field.widget, forms.Textarea):
        field.widget = UnfoldAdminTextareaWidget(attrs={"rows": 3})
    elif isinstance(field.widget, forms.TextInput):
        field.widget = UnfoldAdminTextInputWidget()


class WorkflowDeskMixin:
    """For DocTypeAdmin: the transition page, a link to it, and the log shown as a list."""

    def workflow_fields(self, request, obj) -> dict:
        """Extra inputs some moves need (a resolution, an assignee), as {name: form field}."""
        return {}

    def _moves(self, request, obj):
        wf = self.model.doctype.workflow
        state = getattr(obj, wf.field)
        return [m for m in wf.available(state) if policy.may_move(request.user, obj, m)]

    def get_urls(self):
        urls = super().get_urls()
        if self.model.doctype.workflow is None:
            return urls
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "<path:object_id>/transition/",
                self.admin_site.admin_view(self.transition_view),
                name="%s_%s_transition" % info,
            ),
            *urls,
        ]

    def transition_view(self, request, object_id):
        obj = get_object_or_404(policy.filter_queryset(request.user, self.model._default_manager.all()), pk=object_id)
        moves = self._moves(request, obj)
        if not moves:
            raise PermissionDenied
        form = MoveForm(request.POST or None, moves=moves, extra_fields=self.workflow_fields(request, obj))
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            action, reason = data.pop("action"), data.pop("reason")
            try:
                workflow.apply(obj, action, request.user, reason, **data)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                state = dict(obj._meta.get_field(self.model.doctype.workflow.field).choices or [])
                now = getattr(obj, self.model.doctype.workflow.field)
                messages.success(
                    request, _("%(name)s is now %(state)s.") % {"name": obj.pk, "state": state.get(now, now)}
                )
                return redirect(reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Change status"),
            "object": obj,
            "state_label": dict(obj._meta.get_field(self.model.doctype.workflow.field).choices or []).get(
                getattr(obj, self.model.doctype.workflow.field), getattr(obj, self.model.doctype.workflow.field)
            ),
            "changelist_url": reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_changelist"),
            "form": form,
            "opts": self.model._meta,
            "log": self._log_rows(obj),
            "change_url": reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk]),
        }
        return TemplateResponse(request, "securities_crm/workflow/transition.html", context)

    def _log_rows(self, obj) -> list[dict]:
        """The moves as a reader wants them: states by their labels, times in local time, to the minute."""
        wf = self.model.doctype.workflow
        if not wf.log:
            return []
        labels = dict(obj._meta.get_field(wf.field).choices or [])
        rows = []
        for t in getattr(obj, wf.log) or []:
            at = parse_datetime(t.get("at") or "")
            by = t.get("by")
            rows.append(
                {
                    **t,
                    "from": labels.get(t.get("from"), t.get("from")),
                    "to": labels.get(t.get("to"), t.get("to")),
                    "at": timezone.localtime(at).strftime("%Y-%m-%d %H:%M") if at else "",
                    "by": pgettext("who did it", "the system") if by == workflow.SYSTEM else by,
                    "reason": i18n.render(t.get("reason_data"), t.get("reason") or ""),
                }
            )
        return rows

    def workflow_link(self, obj):
        request = current_request()
        if obj is None or obj._state.adding or request is None or not self._moves(request, obj):
            return "-"
        url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_transition", args=[obj.pk])
        return format_html('<a class="underline" href="{}">{}</a>', url, _("Change status…"))

    workflow_link.short_description = _("Workflow")

    def transition_log(self, obj):
        rows = self._log_rows(obj)
        if not rows:
            return "-"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} · {} → {} · {} · {}</li>",
                ((t["at"], t["from"], t["to"], t.get("by"), t.get("reason")) for t in rows),
            ),
        )

    transition_log.short_description = _("Transitions")
