"""Content-Security-Policy for every page: our own scripts, styles and images only, no framing.

The portal gets the strict policy. The desk (django-unfold) and the API docs use inline scripts
and styles, so elsewhere the policy only forbids framing. HSTS and X-Frame-Options come from Django's
SecurityMiddleware and XFrameOptionsMiddleware (settings: CRM_TLS, X_FRAME_OPTIONS).
"""

STRICT = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)
ELSEWHERE = "frame-ancestors 'none'"


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            strict = request.path.startswith("/portal/")
            response["Content-Security-Policy"] = STRICT if strict else ELSEWHERE
        return response
