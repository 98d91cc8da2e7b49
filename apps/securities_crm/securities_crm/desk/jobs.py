"""Background Jobs in the desk: django-rq's queue, job and worker pages, for System Managers only.

django-rq registers its pages inside the admin (at /app/django_rq/dashboard/) and lets any
staff user in, including its actions that delete or requeue jobs. Jobs belong to the
administrators, so we register its admin class ourselves (settings turn its own
registration off) with every page behind the System Manager role. Its templates extend
the desk's base, and desk.config loads rq.css on these pages so they look like the desk.
"""

from functools import wraps

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django_rq.admin import QueueAdmin
from django_rq.models import Dashboard

from ..permissions.roles import SYSTEM_MANAGER, user_roles

URL_PREFIX = "/app/django_rq/"


def may_manage_jobs(user) -> bool:
    return bool(user and user.is_active and user.is_staff and SYSTEM_MANAGER in user_roles(user))


def _system_manager_only(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not may_manage_jobs(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


class JobsDesk(QueueAdmin):
    def has_module_permission(self, request):
        return may_manage_jobs(request.user)

    def has_view_permission(self, request, obj=None):
        return may_manage_jobs(request.user)

    def has_change_permission(self, request, obj=None):
        return may_manage_jobs(request.user)

    def get_urls(self):
        urls = super().get_urls()
        for pattern in urls:
            if hasattr(pattern, "callback"):
                pattern.callback = _system_manager_only(pattern.callback)
        return urls


def register(site=admin.site):
    if Dashboard not in site._registry:
        site.register(Dashboard, JobsDesk)


def stylesheet(request) -> str:
    """rq.css on django-rq's pages, else the desk's own sheet again (Unfold's STYLES calls this per request,
    one URL per entry; an empty one would make the browser load the page itself as CSS)."""
    from django.templatetags.static import static

    return static("securities_crm/rq.css" if request.path.startswith(URL_PREFIX) else "securities_crm/desk.css")
