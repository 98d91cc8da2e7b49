"""The site as bench/api_bench.py serves it with gunicorn: the real settings and URLs, plus the
ceiling, bare Django views that run the same queries and answer the same JSON as the API.

Used as DJANGO_SETTINGS_MODULE (settings below) and ROOT_URLCONF (urlpatterns below).
"""

from crm_site.settings import *  # noqa: F401,F403

ROOT_URLCONF = "api_bench_server"
CRM_API_RATE_LIMIT = 0  # the benchmark measures serving, not throttling
CRM_API_RATE_LIMIT_IP = 0
DEBUG = False
LOGGING = {"version": 1, "disable_existing_loggers": False}

LIST_FIELDS = ["name", "client_name", "client_type", "status", "risk_level", "branch", "client_manager", "modified"]


def _format(value):
    import datetime as dt

    from django.utils import timezone

    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None).isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _json(payload):
    import json
    from decimal import Decimal

    from django.http import HttpResponse

    def default(o):
        if isinstance(o, Decimal):
            return float(o)  # the bare view may round; the API writes exact digits
        raise TypeError(o)

    return HttpResponse(
        json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=default),
        content_type="application/json; charset=utf-8",
    )


def bare_list(request):
    """Same filter, order, page and fields as the API list, no auth, no permission, no parsing."""
    from securities_crm.doctype.client.model import Client

    lookups = [
        ("client_manager__username" if f == "client_manager" else "branch_id" if f == "branch" else f)
        for f in LIST_FIELDS
    ]
    rows = Client.objects.filter(status="Active").order_by("-modified").values(*lookups)[:20]
    return _json({"data": [{f: _format(r[lk]) for f, lk in zip(LIST_FIELDS, lookups)} for r in rows]})


def bare_get(request, name):
    """The whole document, sensitive fields masked, as the API answers a role that may not see them."""
    from securities_crm.doctype.client.model import Client
    from securities_crm.security.masking import mask

    obj = Client.objects.select_related("client_manager").get(pk=name)
    doc = {}
    for f in Client._meta.concrete_fields:
        if getattr(f, "source", None):
            continue  # blind indexes are not served
        value = getattr(obj, f.attname)
        if f.name == "client_manager" or f.name == "user":
            value = getattr(obj, f.name).username if value is not None else None
        elif getattr(f, "sensitive", False) and value:
            value = mask(value, f.kind)
        doc[f.name] = _format(value)
    doc["doctype"] = "Client"
    return _json({"data": doc})


QUEUE_FIELDS = ["name", "subject", "client", "channel", "priority", "status", "assigned_to", "next_due"]


def bare_queue(request):
    """bench/service.py's ceiling: the agent queue's query (a team's open tickets, soonest due first, 50),
    no auth, no permission, no parsing."""
    from securities_crm.doctype.service_ticket.model import ServiceTicket

    lookups = [{"client": "client_id", "assigned_to": "assigned_to__username"}.get(f, f) for f in QUEUE_FIELDS]
    rows = (
        ServiceTicket.objects.filter(team_id=request.GET.get("team", "T01"), status__in=["Open", "Replied"])
        .order_by("next_due")
        .values(*lookups)[:50]
    )
    return _json({"data": [{f: _format(r[lk]) for f, lk in zip(QUEUE_FIELDS, lookups)} for r in rows]})


def __getattr__(name):
    """URLs on first use (PEP 562): this module is the settings too, imported before apps are ready."""
    if name in ("urlpatterns", "handler404", "handler500"):
        from django.urls import path

        try:
            import crm_site.urls as site
        except AttributeError as exc:  # would read as "no urlpatterns here" and hide the cause
            raise RuntimeError(f"the site's URLs failed to load: {exc}") from exc

        globals().update(
            handler404=site.handler404,
            handler500=site.handler500,
            urlpatterns=[
                path("bare/list", bare_list),
                path("bare/get/<str:name>", bare_get),
                path("bare/queue", bare_queue),
                *site.urlpatterns,
            ],
        )
        return globals()[name]
    raise AttributeError(name)
