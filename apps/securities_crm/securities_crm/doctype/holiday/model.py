"""Holiday (节假日): a non-working day. AML report due dates count working days around these."""
from django.db import models
from django.utils.translation import gettext_lazy as _

from ...core.document import Document, doctype


@doctype("Holiday", module="Risk", naming="field:holiday_date", title_field="description")
class Holiday(Document):
    holiday_date = models.DateField(_("Date"), unique=True)
    description = models.CharField(_("Description"), max_length=140, blank=True)

    class Meta(Document.Meta):
        verbose_name = _("Holiday")
        verbose_name_plural = _("Holidays")
        ordering = ["holiday_date"]
