"""The foundation's dashboard figures. Later modules add theirs next to their own code."""
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from ..doctype.branch.model import Branch
from ..doctype.notification_log.model import NotificationLog
from ..doctype.staff_profile.model import StaffProfile
from ..permissions import policy
from ..permissions.roles import BRANCH_MANAGER, SYSTEM_MANAGER
from .dashboard import figure


def _count(request, model, **filters):
    qs = policy.filter_queryset(request.user, model.objects.filter(**filters))
    n = qs.count()
    return n or None


@figure(_("Unread notifications"), order=1, link=reverse_lazy("admin:securities_crm_notificationlog_changelist"))
def unread_notifications(request):
    return NotificationLog.objects.filter(for_user=request.user, read=False).count()


@figure(_("Active branches"), roles=[SYSTEM_MANAGER, BRANCH_MANAGER], order=10,
        link=reverse_lazy("admin:securities_crm_branch_changelist"))
def active_branches(request):
    return _count(request, Branch, is_active=True)


@figure(_("Active staff"), roles=[SYSTEM_MANAGER, BRANCH_MANAGER], order=11,
        link=reverse_lazy("admin:securities_crm_staffprofile_changelist"))
def active_staff(request):
    return _count(request, StaffProfile, is_active=True)
