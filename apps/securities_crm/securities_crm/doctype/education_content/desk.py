"""The content workflow in the desk: the list by status, the side-by-side review page (the body as readers
will see it next to the previous version, and the plain text with each banned phrase marked where it
stands), the review's moves, a new version of published content, the WeChat article download and who in
the audience has not acknowledged a mandatory notice."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ...core import workflow
from ...desk.base import DocTypeAdmin
from ...education import content as contents
from ...education import reading
from ...permissions import policy
from ..client.model import InvestorType, RiskLevel
from .model import ContentChannel, ContentStatus, EducationContent

# The audience and channels are lists of keys: ticked, not typed as JSON.
PICKERS = {"risk_levels": RiskLevel, "investor_types": InvestorType, "channels": ContentChannel}


@admin.register(EducationContent)
class EducationContentDesk(DocTypeAdmin):
    list_display = ("name", "title", "kind", "status", "version", "author", "published_at", "review_link")
    list_select_related = ("author",)
    list_filter = ("status", "kind", "superseded", "mandatory")
    search_fields = ("=name", "title", "family")
    filter_horizontal = ("segments",)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        choices = PICKERS.get(db_field.name)
        if choices is not None:
            return forms.MultipleChoiceField(
                label=db_field.verbose_name,
                choices=choices.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("None ticked: everyone.") if db_field.name != "channels" else "",
            )
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")  # a link typed without its scheme is https
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=_("Review"))
    def review_link(self, obj):
        return format_html(
            '<a class="underline" href="{}" data-testid="review-{}">{}</a>',
            reverse("admin:securities_crm_educationcontent_review", args=[obj.pk]),
            obj.pk,
            _("Review"),
        )

    def get_urls(self):
        def route(suffix, view, name):
            return path(
                f"<path:object_id>/{suffix}/",
                self.admin_site.admin_view(view),
                name=f"securities_crm_educationcontent_{name}",
            )

        return [
            route("review", self.review_view, "review"),
            route("wechat", self.wechat_view, "wechat"),
            route("unacknowledged", self.unacknowledged_view, "unacknowledged"),
            route("new-version", require_POST(self.new_version_view), "new_version"),
            *super().get_urls(),
        ]

    def _doc(self, request, object_id) -> EducationContent:
        return get_object_or_404(policy.filter_queryset(request.user, EducationContent.objects.all()), pk=object_id)

    def review_view(self, request, object_id):
        doc = self._doc(request, object_id)
        wf = doc.doctype.workflow
        moves = [m for m in wf.available(doc.status) if policy.may_move(request.user, doc, m)]
        error = ""
        if request.method == "POST":
            move = next((m for m in moves if m.action == request.POST.get("action")), None)
            if move is None:
                raise PermissionDenied
            try:
                workflow.apply(doc, move.action, request.user, request.POST.get("reason", ""))
            except ValidationError as exc:
                error = " ".join(m for ms in exc.message_dict.values() for m in ms)
                doc.refresh_from_db()
            else:
                messages.success(
                    request,
                    gettext("%(name)s is now %(status)s.") % {"name": doc.pk, "status": doc.get_status_display()},
                )
                return redirect(reverse("admin:securities_crm_educationcontent_review", args=[doc.pk]))
        change_url = reverse("admin:securities_crm_educationcontent_change", args=[doc.pk])
        return TemplateResponse(
            request,
            "securities_crm/education/review.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Compliance review"),
                "doc": doc,
                "review": contents.review(doc),
                "moves": moves,
                "error": error,
                "opts": EducationContent._meta,
                "change_url": change_url,
                "may_version": doc.status != ContentStatus.DRAFT
                and policy.has_right(request.user, "create", EducationContent),
            },
        )

    def wechat_view(self, request, object_id):
        doc = self._doc(request, object_id)
        response = HttpResponse(contents.wechat_html(doc), content_type="text/html; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{doc.pk}-wechat.html"'
        return response

    def new_version_view(self, request, object_id):
        doc = self._doc(request, object_id)
        if not policy.has_right(request.user, "create", EducationContent):
            raise PermissionDenied
        try:
            draft = contents.new_version(doc)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(reverse("admin:securities_crm_educationcontent_review", args=[doc.pk]))
        messages.success(request, gettext("Version %(version)s is a draft: edit it here.") % {"version": draft.version})
        return redirect(reverse("admin:securities_crm_educationcontent_change", args=[draft.pk]))

    def unacknowledged_view(self, request, object_id):
        doc = self._doc(request, object_id)
        clients = policy.filter_queryset(request.user, reading.unacknowledged(doc), "read").order_by("name")
        return TemplateResponse(
            request,
            "securities_crm/education/unacknowledged.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Not yet acknowledged"),
                "doc": doc,
                "clients": clients[:500],
                "count": clients.count(),
                "opts": EducationContent._meta,
                "review_url": reverse("admin:securities_crm_educationcontent_review", args=[doc.pk]),
            },
        )
