from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from ...core.document import Document, doctype


@doctype(
    "Staff Profile",
    module="Organisation",
    naming="field:username",
    title_field="full_name",
    branch_path="branch",
    user_path="user",
    search_fields=("username", "full_name", "employee_no"),
    rights={
        "Branch Manager": "r",
        "Client Manager": "r",
        "Advisor": "r",
        "Compliance Officer": "r",
        "Risk Officer": "r",
        "Service Agent": "r",
        "Marketing": "r",
    },
)
class StaffProfile(Document):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("User"), on_delete=models.PROTECT, related_name="staff_profile"
    )
    username = models.CharField(_("Username"), max_length=150, editable=False)
    full_name = models.CharField(_("Full Name"), max_length=140)
    employee_no = models.CharField(_("Employee No."), max_length=40, blank=True)
    branch = models.ForeignKey(
        "securities_crm.Branch",
        verbose_name=_("Branch"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    manager = models.ForeignKey(
        "self", verbose_name=_("Reports To"), on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    mobile = models.CharField(_("Mobile"), max_length=20, blank=True)
    roles = models.ManyToManyField(
        Group,
        verbose_name=_("Roles"),
        blank=True,
        related_name="+",
        help_text=_("The user's roles; they decide what the user may see and do."),
    )
    is_active = models.BooleanField(_("Active"), default=True)
    away = models.BooleanField(
        _("Away"), default=False, help_text=_("Out of the office: assignment rules give this person no new tickets.")
    )

    class Meta(Document.Meta):
        verbose_name = _("Staff Profile")
        verbose_name_plural = _("Staff Profiles")
        ordering = ["username"]

    def validate(self):
        if self.user_id:
            self.username = self.user.get_username()
        if self.manager_id and self.manager_id == self.name:
            raise ValidationError({"manager": _("A staff member cannot report to themselves.")})


@receiver(m2m_changed, sender=StaffProfile.roles.through)
def _roles_are_user_groups(sender, instance, action, **kwargs):
    """The profile's roles are the user's groups, so has_perm() has one source of truth."""
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, StaffProfile):
        instance.user.groups.set(instance.roles.all())
