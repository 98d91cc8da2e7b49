"""The care task board (mine first, by due date) and the 回访 page that works a task through its script."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ...core import workflow
from ...desk.base import DocTypeAdmin
from ...permissions import policy
from .model import CareStatus, CareTask, Outcome


class MineFilter(admin.SimpleListFilter):
    title = _("Board")
    parameter_name = "board"

    def lookups(self, request, model_admin):
        return [("mine", _("Mine, to do")), ("overdue", _("Overdue"))]

    def queryset(self, request, queryset):
        from django.utils import timezone

        todo = queryset.filter(status__in=[CareStatus.OPEN, CareStatus.IN_PROGRESS])
        if self.value() == "mine":
            return todo.filter(assigned_to=request.user)
        if self.value() == "overdue":
            return todo.filter(due_on__lt=timezone.localdate())
        return queryset


BOX = "border:1px solid #cbd5e1;border-radius:6px;padding:6px 8px;width:100%;max-width:36rem"


class ScriptForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            ("", _("From the answers")),
            (Outcome.NOT_REACHED, Outcome.NOT_REACHED.label),
            (Outcome.DECLINED, Outcome.DECLINED.label),
        ],
        required=False,
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3, "style": BOX}))
    next_action = forms.CharField(
        label=_("Next Action"), required=False, max_length=255, widget=forms.TextInput(attrs={"style": BOX})
    )
    next_action_on = forms.DateField(
        label=_("Next Action On"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, script=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = []
        for q in script:
            name = f"q_{q['key']}"
            self.fields[name] = forms.ChoiceField(
                label=gettext(q["question"]),
                widget=forms.RadioSelect,
                choices=[("yes", _("Yes")), ("no", _("No"))],
                required=False,
            )
            self.questions.append((name, q))


@admin.register(CareTask)
class CareTaskDesk(DocTypeAdmin):
    list_display = ("name", "due_on", "client", "kind", "subject", "assigned_to", "status", "outcome", "script_link")
    list_select_related = ("client", "assigned_to")
    list_filter = (MineFilter, "status", "kind", "outcome", "due_on")
    search_fields = ("=name", "subject", "client__client_name")
    ordering = ("due_on", "name")
    autocomplete_fields = ("client",)
    readonly_fields = ("workflow_link", "transition_log", "answers_shown", "phone_survey")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "client",
                    "kind",
                    "subject",
                    "due_on",
                    "assigned_to",
                    "team",
                    "status",
                    "workflow_link",
                    "outcome",
                    "answers_shown",
                    "phone_survey",
                    "notes",
                    "next_action",
                    "next_action_on",
                    "compliance_ticket",
                )
            },
        ),
        (_("Source"), {"fields": ("rule", "source_doctype", "source_name", "transition_log")}),
    )

    @admin.display(description=_("Script"))
    def script_link(self, obj):
        if obj.status not in (CareStatus.OPEN, CareStatus.IN_PROGRESS):
            return "-"
        return format_html(
            '<a class="underline" href="{}">{}</a>',
            reverse("admin:securities_crm_caretask_script", args=[obj.pk]),
            _("Work through the script"),
        )

    @admin.display(description=_("Survey by phone"))
    def phone_survey(self, obj):
        if obj is None or not obj.pk:
            return "-"
        return format_html(
            '<a class="underline" href="{}">{}</a>',
            reverse("admin:securities_crm_surveyresponse_phone", args=[obj.pk]),
            _("Enter the client's survey answers taken on this call"),
        )

    @admin.display(description=_("Answers"))
    def answers_shown(self, obj):
        rows = [
            (
                gettext(q["question"]),
                {"yes": gettext("Yes"), "no": gettext("No")}.get((obj.answers or {}).get(q["key"]), "-"),
            )
            for q in obj.script or []
        ]
        if not rows:
            return "-"
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}: <strong>{}</strong></li>", rows))

    def get_urls(self):
        return [
            path(
                "<path:object_id>/script/",
                self.admin_site.admin_view(self.script_view),
                name="securities_crm_caretask_script",
            ),
            *super().get_urls(),
        ]

    def script_view(self, request, object_id):
        task = get_object_or_404(policy.filter_queryset(request.user, CareTask.objects.all()), pk=object_id)
        move = task.doctype.workflow.get("complete")
        if not policy.may_move(request.user, task, move) or task.status not in move.sources:
            raise PermissionDenied
        form = ScriptForm(request.POST or None, script=task.script or [])
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            answers = {q["key"]: data[name] for name, q in form.questions if data.get(name)}
            try:
                workflow.apply(
                    task,
                    "complete",
                    request.user,
                    "",
                    answers=answers,
                    outcome=data["outcome"] or None,
                    notes=data["notes"],
                    next_action=data["next_action"],
                    next_action_on=data["next_action_on"],
                )
            except ValidationError as exc:
                for errors in exc.message_dict.values():
                    form.add_error(None, errors)
            else:
                messages.success(
                    request,
                    gettext("%(name)s recorded: %(outcome)s.")
                    % {"name": task.pk, "outcome": task.get_outcome_display()},
                )
                return redirect(reverse("admin:securities_crm_caretask_change", args=[task.pk]))
        return TemplateResponse(
            request,
            "securities_crm/service/script.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Return visit script"),
                "task": task,
                "form": form,
                "questions": [form[name] for name, _q in form.questions],
                "opts": CareTask._meta,
                "change_url": reverse("admin:securities_crm_caretask_change", args=[task.pk]),
            },
        )
