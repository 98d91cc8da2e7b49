"""Home dashboard figures for suitability (found by autodiscover("figures"))."""

from django.utils.translation import gettext_lazy as _

from ...desk.dashboard import figure
from ...permissions.roles import BRANCH_MANAGER, CLIENT_MANAGER, COMPLIANCE_OFFICER
from ..suitability_record import report


@figure(
    _("Assessments expiring within 30 days"),
    roles=[CLIENT_MANAGER, BRANCH_MANAGER, COMPLIANCE_OFFICER],
    order=40,
    icon="assignment_late",
    link="admin:securities_crm_suitabilityrecord_report",
)
def assessments_expiring(request):
    return report.expiring_count(request)
