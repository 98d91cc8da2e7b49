"""The care board's figure: my care tasks to do, and how many are overdue."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ...desk.dashboard import Number, figure
from ...permissions import policy
from ...permissions.roles import ADVISOR, BRANCH_MANAGER, CLIENT_MANAGER, SERVICE_AGENT
from .model import CareStatus, CareTask


@figure(
    _("My care tasks"),
    roles=[CLIENT_MANAGER, ADVISOR, BRANCH_MANAGER, SERVICE_AGENT],
    order=44,
    icon="volunteer_activism",
    link="/app/securities_crm/caretask/?board=mine",
)
def my_care_tasks(request):
    counts = (
        policy.filter_queryset(request.user, CareTask.objects.filter(assigned_to=request.user))
        .filter(status__in=[CareStatus.OPEN, CareStatus.IN_PROGRESS])
        .aggregate(n=Count("name"), late=Count("name", filter=Q(due_on__lt=timezone.localdate())))
    )
    if not counts["n"]:
        return None
    return Number(counts["n"], _("%(late)d overdue") % counts)
