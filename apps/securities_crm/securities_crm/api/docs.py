"""/api/docs: the OpenAPI document rendered by Swagger UI, served from our own static files
(the drf-spectacular-sidecar package ships Swagger UI; no CDN)."""

from django.http import HttpResponse
from django.templatetags.static import static
from django.utils.html import escape


def view(request):
    css = static("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css")
    bundle = static("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    preset = static("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-standalone-preset.js")
    spec_url = escape(request.path.rsplit("/docs", 1)[0] + "/openapi.json")
    html = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Securities CRM API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="{css}"></head>
<body><div id="swagger-ui"></div>
<script src="{bundle}"></script><script src="{preset}"></script>
<script src="{static("securities_crm/api_docs.js")}" data-spec="{spec_url}" id="api-docs-init"></script>
</body></html>"""
    return HttpResponse(html)
