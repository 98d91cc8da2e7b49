from .whitelist import whitelist


@whitelist(allow_guest=True, path="ping")
def ping(request):
    """Health check: answers "pong" when the web process is up."""
    return "pong"
