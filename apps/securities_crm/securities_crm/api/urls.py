"""Routes under /api/ (and /api/v1/). Trailing slashes are accepted everywhere."""

from django.urls import re_path

from . import docs, errors, openapi, resource, views

urlpatterns = [
    re_path(r"^method/(?P<path>[\w.]+)/?$", views.method, name="api_method"),
    re_path(r"^resource/(?P<doctype>[^/]+)/?$", resource.collection, name="api_resource"),
    re_path(r"^resource/(?P<doctype>[^/]+)/(?P<name>.+?)/?$", resource.item, name="api_resource_item"),
    re_path(r"^openapi\.json$", openapi.view, name="api_openapi"),
    re_path(r"^docs/?$", docs.view, name="api_docs"),
    re_path(r"^.*$", errors.not_found),
]
