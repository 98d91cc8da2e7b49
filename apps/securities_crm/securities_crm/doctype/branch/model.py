from django.db import models
from django.utils.translation import gettext_lazy as _

from ...core.document import Document, doctype


@doctype(
    "Branch",
    module="Organisation",
    naming="field:branch_code",
    title_field="branch_name",
    branch_path="name",
    search_fields=("branch_code", "branch_name", "city"),
    set_only_once=("branch_code",),
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
class Branch(Document):
    branch_code = models.CharField(_("Branch Code"), max_length=20, unique=True)
    branch_name = models.CharField(_("Branch Name"), max_length=140)
    city = models.CharField(_("City"), max_length=60)
    address = models.CharField(_("Address"), max_length=255, blank=True)
    phone = models.CharField(_("Phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("Active"), default=True)

    class Meta(Document.Meta):
        verbose_name = _("Branch")
        verbose_name_plural = _("Branches")
        ordering = ["branch_code"]
