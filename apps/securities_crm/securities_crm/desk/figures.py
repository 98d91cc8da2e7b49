"""The foundation's dashboard figures: inbox, organisation, sign-ins and background jobs.

Later modules add theirs in their own figures.py (see desk/dashboard.py). Every count here
goes through the record rules, so a Branch Manager's "Active staff" is their branch's.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from ..core import registry
from ..core.jobs import QUEUES, progress_of
from ..doctype.branch.model import Branch
from ..doctype.notification_log.model import NotificationLog
from ..doctype.staff_profile.model import StaffProfile
from ..permissions import policy
from ..permissions.roles import (
    ADVISOR,
    BRANCH_MANAGER,
    CLIENT_MANAGER,
    COMPLIANCE_OFFICER,
    LABELS,
    MARKETING,
    RISK_OFFICER,
    SERVICE_AGENT,
    SYSTEM_MANAGER,
)
from .dashboard import Chart, Number, Table, figure

DORMANT_DAYS = 90


def _readable(request, model):
    return policy.filter_queryset(request.user, model.objects.all())


# --- every staff role ----------------------------------------------------------------------


@figure(
    _("Unread notifications"), order=1, icon="notifications", link="admin:securities_crm_notificationlog_changelist"
)
def unread_notifications(request):
    inbox = NotificationLog.objects.filter(for_user=request.user)
    total = inbox.count()
    if not total:
        return None
    return Number(
        inbox.filter(read=False).count(),
        ngettext("%(n)d notification in your inbox", "%(n)d notifications in your inbox", total) % {"n": total},
    )


@figure(_("My branch"), roles=[BRANCH_MANAGER, CLIENT_MANAGER, ADVISOR, SERVICE_AGENT], order=2, icon="apartment")
def my_branch(request):
    branch_id = policy.user_branch_id(request.user)
    if not branch_id:
        return None
    branch = Branch.objects.get(pk=branch_id)
    colleagues = StaffProfile.objects.filter(branch_id=branch_id, is_active=True).exclude(user=request.user).count()
    return Number(
        branch.branch_name,
        ngettext("%(city)s · %(n)d colleague", "%(city)s · %(n)d colleagues", colleagues)
        % {"city": branch.city, "n": colleagues},
    )


@figure(_("Latest notifications"), order=90, link="admin:securities_crm_notificationlog_changelist")
def latest_notifications(request):
    rows = []
    for log in NotificationLog.objects.filter(for_user=request.user).order_by("-creation")[:5]:
        url = reverse("admin:securities_crm_notificationlog_change", args=[log.pk])
        subject = format_html('<a class="text-primary-600 dark:text-primary-500" href="{}">{}</a>', url, log.subject)
        rows.append(
            [
                subject,
                log.get_type_display(),
                date_format(timezone.localtime(log.creation), "SHORT_DATETIME_FORMAT"),
                _("Read") if log.read else format_html("<strong>{}</strong>", _("Unread")),
            ]
        )
    return Table([_("Subject"), _("Type"), _("Received"), _("Status")], rows)


# --- organisation ----------------------------------------------------------------------


@figure(
    _("Active branches"),
    roles=[SYSTEM_MANAGER, COMPLIANCE_OFFICER, RISK_OFFICER, MARKETING],
    order=10,
    icon="apartment",
    link="admin:securities_crm_branch_changelist",
)
def active_branches(request):
    branches = _readable(request, Branch).filter(is_active=True)
    n = branches.count()
    if not n:
        return None
    cities = branches.values("city").distinct().count()
    return Number(n, ngettext("in %(n)d city", "in %(n)d cities", cities) % {"n": cities})


@figure(
    _("Active staff"),
    roles=[SYSTEM_MANAGER, BRANCH_MANAGER, COMPLIANCE_OFFICER],
    order=11,
    icon="badge",
    link="admin:securities_crm_staffprofile_changelist",
)
def active_staff(request):
    staff = _readable(request, StaffProfile).filter(is_active=True)
    n = staff.count()
    if not n:
        return None
    managers = staff.filter(roles__name=CLIENT_MANAGER).distinct().count()
    return Number(n, ngettext("%(n)d client manager", "%(n)d client managers", managers) % {"n": managers})


@figure(_("Staff per branch"), roles=[SYSTEM_MANAGER, COMPLIANCE_OFFICER, RISK_OFFICER], order=40)
def staff_per_branch(request):
    rows = (
        _readable(request, StaffProfile)
        .filter(is_active=True, branch__isnull=False)
        .values("branch__branch_name")
        .annotate(n=Count("name"))
        .order_by("-n", "branch__branch_name")
    )
    rows = list(rows)
    if not rows:
        return None
    return Chart([r["branch__branch_name"] for r in rows], {_("Staff"): [r["n"] for r in rows]})


@figure(_("Staff by role"), roles=[SYSTEM_MANAGER, BRANCH_MANAGER], order=41)
def staff_by_role(request):
    rows = (
        _readable(request, StaffProfile)
        .filter(is_active=True, roles__isnull=False)
        .values("roles__name")
        .annotate(n=Count("name", distinct=True))
    )
    counts = {r["roles__name"]: r["n"] for r in rows}
    if not counts:
        return None
    ordered = [role for role in LABELS if role in counts] + sorted(set(counts) - set(LABELS))
    return Chart([LABELS.get(role, role) for role in ordered], {_("Staff"): [counts[role] for role in ordered]})


# What Marketing works on: segments, then campaigns and recommendations, as those DocTypes land. Each
# source is looked up in the registry by its DocType name, so the card fills in by itself once the
# Profiling and Marketing modules are installed, and never shows what the user may not read.
MARKETING_SOURCES = (
    ("Segment Membership", _("Segments: clients in each segment")),
    ("Campaign", _("Campaigns: members and responses")),
    ("Recommendation", _("Recommendations: offered, accepted, declined")),
)


@figure(_("Segments"), roles=[MARKETING], order=42, icon="donut_small", wide=True)
def marketing_segments(request):
    membership = registry.get("Segment Membership")
    if membership is not None and policy.has_right(request.user, "read", membership.model):
        rows = list(
            _readable(request, membership.model)
            .filter(left_on__isnull=True)
            .values("segment")
            .annotate(n=Count("pk"))
            .order_by("-n", "segment")[:12]
        )
        if rows:
            return Chart([r["segment"] for r in rows], {_("Clients"): [r["n"] for r in rows]})
    return Table(
        [_("Coming to this dashboard"), _("Status")],
        [
            [label, _("Available") if _may_read(request, doctype) else _("Not installed yet")]
            for doctype, label in MARKETING_SOURCES
        ],
    )


def _may_read(request, doctype: str) -> bool:
    spec = registry.get(doctype)
    return spec is not None and policy.has_right(request.user, "read", spec.model)


# --- sign-ins: who uses the desk -------------------------------------------------------


@figure(
    _("Staff signed in, last 24 hours"),
    roles=[SYSTEM_MANAGER, COMPLIANCE_OFFICER, RISK_OFFICER],
    order=20,
    icon="login",
)
def signed_in_today(request):
    staff = get_user_model().objects.filter(is_staff=True, is_active=True)
    total = staff.count()
    if not total:
        return None
    recent = staff.filter(last_login__gte=timezone.now() - dt.timedelta(hours=24)).count()
    return Number(
        recent, ngettext("of %(n)d active staff account", "of %(n)d active staff accounts", total) % {"n": total}
    )


def _users_link(request):
    return reverse("admin:auth_user_changelist") if request.user.has_perm("auth.view_user") else None


@figure(
    _("Dormant staff accounts"),
    roles=[SYSTEM_MANAGER, COMPLIANCE_OFFICER],
    order=21,
    icon="person_off",
    link=_users_link,
)
def dormant_accounts(request):
    staff = get_user_model().objects.filter(is_staff=True, is_active=True)
    if not staff.exists():
        return None
    since = timezone.now() - dt.timedelta(days=DORMANT_DAYS)
    dormant = staff.exclude(last_login__gte=since).count()
    return Number(dormant, _("active accounts not used for %(days)d days") % {"days": DORMANT_DAYS})


# --- background jobs (System Manager) ----------------------------------------------------


# The queues by what runs on them; their keys (short, default, long) are RQ's names.
QUEUE_LABELS = {
    "short": pgettext_lazy("job queue", "Short jobs"),
    "default": pgettext_lazy("job queue", "Regular jobs"),
    "long": pgettext_lazy("job queue", "Long jobs"),
}


def _queue_stats():
    import django_rq
    from rq.registry import FailedJobRegistry, FinishedJobRegistry, StartedJobRegistry
    from rq.worker import Worker

    stats = []
    for name in QUEUES:
        queue = django_rq.get_queue(name)
        stats.append(
            {
                "name": name,
                "queued": queue.count,
                "started": StartedJobRegistry(queue=queue).count,
                "failed": FailedJobRegistry(queue=queue).count,
                "finished": FinishedJobRegistry(queue=queue).count,
                "workers": Worker.count(queue=queue),
            }
        )
    return stats


@figure(_("Failed jobs"), roles=[SYSTEM_MANAGER], order=30, icon="error", link="admin:django_rq_home")
def failed_jobs(request):
    from redis.exceptions import RedisError

    try:
        stats = _queue_stats()
    except RedisError:
        return Number(_("Redis unreachable"), _("Jobs cannot run until Redis answers."))
    workers = max(s["workers"] for s in stats)
    return Number(
        sum(s["failed"] for s in stats),
        ngettext("%(n)d worker listening", "%(n)d workers listening", workers) % {"n": workers},
    )


@figure(_("Job queues"), roles=[SYSTEM_MANAGER], order=31, link="admin:django_rq_home")
def job_queues(request):
    from redis.exceptions import RedisError

    try:
        stats = _queue_stats()
    except RedisError:
        return None
    return Table(
        [_("Queue"), _("Queued"), _("Running"), _("Failed"), _("Finished"), _("Workers")],
        [
            [
                str(QUEUE_LABELS.get(s["name"], s["name"])),
                s["queued"],
                s["started"],
                s["failed"],
                s["finished"],
                s["workers"],
            ]
            for s in stats
        ],
    )


@figure(
    _("Running jobs"), roles=[SYSTEM_MANAGER], order=32, link="admin:django_rq_home", empty_text=_("No job is running.")
)
def running_jobs(request):
    import django_rq
    from redis.exceptions import RedisError
    from rq.job import Job
    from rq.registry import StartedJobRegistry

    rows = []
    try:
        for name in QUEUES:
            queue = django_rq.get_queue(name)
            ids = StartedJobRegistry(queue=queue).get_job_ids()
            for job in Job.fetch_many(ids, connection=queue.connection):
                if job is not None:
                    started = timezone.localtime(job.started_at) if job.started_at else None
                    short_name = ".".join(job.func_name.split(".")[-2:])  # module.function: the table is narrow
                    rows.append(
                        [
                            short_name,
                            name,
                            date_format(started, "SHORT_DATETIME_FORMAT") if started else "",
                            progress_of(job) or "—",
                        ]
                    )
    except RedisError:
        return None
    return Table([_("Job"), _("Queue"), _("Started at"), _("Progress")], rows)
