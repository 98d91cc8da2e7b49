"""Holiday (节假日): a non-working day. AML report due dates count working days around these."""

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from ...core.document import Document, doctype


@doctype(
    "Holiday",
    module="Risk",
    naming="field:holiday_date",
    title_field="description",
    rights={"Compliance Officer": "rwcd"},
)
class Holiday(Document):
    holiday_date = models.DateField(_("Date"), unique=True)
    description = models.CharField(_("Description"), max_length=140, blank=True)

    class Meta(Document.Meta):
        verbose_name = _("Holiday")
        verbose_name_plural = _("Holidays")
        ordering = ["holiday_date"]

    @classmethod
    def add_working_days(cls, start: dt.date, days: int) -> dt.date:
        """`days` working days after `start`: weekends and Holiday dates do not count."""
        horizon = start + dt.timedelta(days=days * 3 + 30)
        holidays = set(
            cls.objects.filter(holiday_date__gt=start, holiday_date__lte=horizon).values_list("holiday_date", flat=True)
        )
        day = start
        while days > 0:
            day += dt.timedelta(days=1)
            if day.weekday() < 5 and day not in holidays:
                days -= 1
        return day
