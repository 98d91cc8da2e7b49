"""Taking a risk assessment in the desk, and the client 360 tab of a client's assessments.

The add form shows the active questionnaire's questions (in the user's language) as radio
buttons, or check boxes where several answers are allowed. "Submit now" scores it and makes it
final; left unticked it is kept as a draft. A submitted assessment is read-only, its answers
shown as they were asked.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from ...core.document import DocStatus
from ...desk.base import DocTypeAdmin
from ...suitability import questionnaires, scoring
from ..risk_questionnaire.model import RiskQuestionnaire
from ..shared.suitability import Variety
from .model import RiskAssessment

FIELD = "q_"


class AssessmentForm(forms.ModelForm):
    """The base form; AssessmentDesk.get_form adds one field per question of the questionnaire."""

    questionnaire_obj = None
    submit_now = forms.BooleanField(
        label=_("Submit now"),
        required=False,
        initial=True,
        help_text=_("Scores the assessment and makes it final. Untick to keep a draft."),
    )

    class Meta:
        model = RiskAssessment
        fields = ("client", "channel")

    def clean(self):
        data = super().clean()
        q = self.questionnaire_obj
        if q is None:
            raise ValidationError(_t("There is no active risk questionnaire."))
        answers = {}
        for question in q.question_rows.all():
            value = data.get(FIELD + question.code)
            if value:
                answers[question.code] = list(value) if question.multiple else value
            elif data.get("submit_now") and question.mandatory:
                self.add_error(FIELD + question.code, _t("This question must be answered."))
        if data.get("submit_now") and not self.errors:
            try:
                scoring.normalise(questionnaires.structure(q), answers)
            except ValidationError as exc:
                raise ValidationError(exc.message_dict.get("answers", exc.messages)) from None
        self.instance.questionnaire = q
        self.instance.answers = answers
        return data


def question_fields(questionnaire, answers: dict) -> dict:
    options = {}
    for o in questionnaire.option_rows.all():
        options.setdefault(o.question_code, []).append((o.code, f"{o.code}. {o.text}"))
    fields = {}
    for question in questionnaire.question_rows.all():
        label = f"{question.code}. {question.text}"
        given = answers.get(question.code)
        if question.multiple:
            field = forms.MultipleChoiceField(
                label=label,
                choices=options.get(question.code, []),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=given,
            )
        else:
            field = forms.ChoiceField(
                label=label,
                choices=options.get(question.code, []),
                required=False,
                widget=forms.RadioSelect,
                initial=given,
            )
        field.mandatory = question.mandatory
        fields[FIELD + question.code] = field
    return fields


@admin.register(RiskAssessment)
class RiskAssessmentDesk(DocTypeAdmin):
    list_display = (
        "name",
        "client",
        "risk_level",
        "lowest_category",
        "score",
        "status",
        "valid_until",
        "channel",
        "confirmed_at",
        "docstatus",
    )
    list_filter = ("status", "risk_level", "lowest_category", "channel", "docstatus", "valid_until")
    list_select_related = ("client",)
    search_fields = ("name", "client__name", "client__client_name")
    autocomplete_fields = ("client",)
    form = AssessmentForm
    RESULT_FIELDS = (
        "client",
        "questionnaire",
        "score",
        "risk_level",
        "lowest_category",
        "horizon",
        "varieties_shown",
        "valid_until",
        "status",
    )
    CONFIRM_FIELDS = ("channel", "confirmed_at", "confirmed_by", "confirmed_ip")

    def _questionnaire(self, obj):
        return obj.questionnaire if obj is not None and obj.questionnaire_id else RiskQuestionnaire.active()

    def _editable(self, obj) -> bool:
        return obj is None or obj.docstatus == DocStatus.DRAFT

    def get_form(self, request, obj=None, change=False, **kwargs):
        if self._editable(obj):
            q = self._questionnaire(obj)
            attrs = question_fields(q, obj.answers if obj is not None else {}) if q is not None else {}
            attrs["questionnaire_obj"] = q
            kwargs["form"] = type("AssessmentForm", (AssessmentForm,), attrs)
            kwargs["fields"] = None
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if not self._editable(obj):
            return [
                (_("Result"), {"classes": ["tab"], "fields": self.RESULT_FIELDS}),
                (_("Answers"), {"classes": ["tab"], "fields": ("answers_shown",)}),
                (_("Confirmation"), {"classes": ["tab"], "fields": self.CONFIRM_FIELDS}),
            ]
        q = self._questionnaire(obj)
        questions = [FIELD + code for code in (q.question_rows.values_list("code", flat=True) if q else [])]
        title = q.title if q is not None else _("Questionnaire")
        return [
            (None, {"fields": ("client", "channel")}),
            (title, {"fields": questions}),
            (_("Confirmation"), {"fields": ("submit_now",)}),
        ]

    def get_readonly_fields(self, request, obj=None):
        locked = tuple(self.locked_fields(request, obj))
        if not self._editable(obj):
            return self.RESULT_FIELDS + ("answers_shown",) + self.CONFIRM_FIELDS + locked
        return locked

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._editable(obj)

    def save_model(self, request, obj, form, change):
        if obj.confirmed_by_id is None:
            obj.confirmed_by = request.user
        obj.confirmed_ip = obj.confirmed_ip or request.META.get("REMOTE_ADDR") or None
        if form.cleaned_data.get("submit_now"):
            obj.submit()
            messages.success(
                request,
                _t("Assessment %(name)s: score %(score)s, risk level %(level)s%(lowest)s, valid until %(date)s.")
                % {
                    "name": obj.name,
                    "score": obj.score,
                    "level": obj.risk_level,
                    "date": obj.valid_until,
                    "lowest": _t(" (lowest risk category)") if obj.lowest_category else "",
                },
            )
        else:
            obj.save()

    @admin.display(description=_("Preferred Varieties"))
    def varieties_shown(self, obj):
        labels = dict(Variety.choices)
        return ", ".join(str(labels.get(v, v)) for v in obj.varieties or []) or "-"

    @admin.display(description=_("Answers"))
    def answers_shown(self, obj):
        rows = [
            (
                d["question"],
                d.get("text", ""),
                "; ".join(d.get("answers") or d.get("options") or []),
                d.get("score", ""),
                "⚠" if d.get("forces_lowest") else "",
            )
            for d in obj.answer_details or []
        ]
        if not rows:
            return "-"
        return format_html(
            '<table class="w-full text-sm"><thead><tr><th class="text-left pr-4">{}</th>'
            '<th class="text-left pr-4">{}</th><th class="text-left pr-4">{}</th><th>{}</th><th></th>'
            "</tr></thead><tbody>{}</tbody></table>",
            _("Code"),
            _("Question"),
            _("Answer"),
            _("Score"),
            format_html_join(
                "",
                '<tr><td class="pr-4 py-1">{}</td><td class="pr-4">{}</td>'
                '<td class="pr-4">{}</td><td class="text-center">{}</td><td>{}</td></tr>',
                rows,
            ),
        )
