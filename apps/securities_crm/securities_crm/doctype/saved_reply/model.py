"""Saved Reply (快捷回复): a reply an agent inserts with one click, global, for a team, or personal, with
placeholders filled in from the ticket: {{client_name}}, {{ticket}}, {{subject}}, {{agent}}."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ...core import session
from ...core.document import Document, doctype
from ...permissions.roles import SYSTEM_MANAGER

PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")
PLACEHOLDERS = ("client_name", "ticket", "subject", "agent")


class ReplyScope(models.TextChoices):
    GLOBAL = "Global", pgettext_lazy("saved reply scope", "Global")
    TEAM = "Team", pgettext_lazy("saved reply scope", "Team")
    PERSONAL = "Personal", pgettext_lazy("saved reply scope", "Personal")


@doctype(
    "Saved Reply",
    module="Service",
    naming="hash",
    title_field="title",
    search_fields=("title",),
    server_set=("owner_user",),
    rights={"Service Agent": "rwcd", "Client Manager": "rwcd", "Branch Manager": "rwcd", "Compliance Officer": "rwcd"},
)
class SavedReply(Document):
    title = models.CharField(_("Title"), max_length=140)
    body = models.TextField(
        _("Reply"), help_text=_("Placeholders: {{client_name}}, {{ticket}}, {{subject}}, {{agent}}.")
    )
    scope = models.CharField(_("Shared With"), max_length=10, choices=ReplyScope.choices, default=ReplyScope.PERSONAL)
    team = models.ForeignKey(
        "securities_crm.ServiceTeam",
        verbose_name=_("Team"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="saved_replies",
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Owner"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta(Document.Meta):
        verbose_name = _("Saved Reply")
        verbose_name_plural = _("Saved Replies")
        ordering = ["title"]

    @staticmethod
    def restrict_scope(roles, action="read", user=None) -> Q | None:
        """Global replies are everyone's, a team's its members', a personal one its owner's."""
        if SYSTEM_MANAGER in roles or user is None:
            return None
        return (
            Q(scope=ReplyScope.GLOBAL)
            | Q(scope=ReplyScope.TEAM, team__in=user.service_teams.all())
            | Q(scope=ReplyScope.PERSONAL, owner_user=user)
        )

    def validate(self):
        errors = {}
        if self.is_new and self.owner_user_id is None:
            self.owner_user = session.current_user()
        if self.scope == ReplyScope.TEAM and not self.team_id:
            errors["team"] = _t("A team's reply names the team.")
        unknown = sorted({m for m in PLACEHOLDER.findall(self.body or "") if m not in PLACEHOLDERS})
        if unknown:
            errors["body"] = _t("Unknown placeholders: %(names)s. Use %(known)s.") % {
                "names": ", ".join(unknown),
                "known": ", ".join("{{%s}}" % p for p in PLACEHOLDERS),
            }
        if errors:
            raise ValidationError(errors)

    def render(self, values: dict) -> str:
        return PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), self.body or "")
