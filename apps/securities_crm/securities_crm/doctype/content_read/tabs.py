"""The client 360 page's Education tab: the client's investor-education record (items read, tests passed,
events attended, hours, from every source of education/record.py) above their reads."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from ...desk.client360 import ClientTab, client_tab
from ...education import statistics
from .model import ContentRead


@client_tab(order=70)
class EducationTab(ClientTab):
    model = ContentRead
    verbose_name_plural = _("Investor Education")
    fields = ("content", "channel", "opened_at", "seconds_spent", "read_to_end", "acknowledged_at")
    ordering = ("-opened_at",)

    def overview(self, request, client) -> str:
        record = statistics.client_record(client.pk)
        rows = [{"a": a, "kind": statistics.shown(a.kind)} for a in record.activities[:10]]
        return render_to_string("securities_crm/education/record_tab.html", {"record": record, "rows": rows}, request)
