"""What the browser tests share: signing a user in without the login form, and a full-page screenshot
left in tests/artifacts/ for a person to look at."""

from pathlib import Path

from django.test import Client as DjangoClient

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def login(page, live_server, user):
    """Give the browser `user`'s session cookie (a Django test client signs in; the page reuses it)."""
    session = DjangoClient()
    session.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": session.cookies["sessionid"].value, "url": live_server.url}]
    )


def shot(page, name: str) -> Path:
    """A full-page screenshot from the top, as tests/artifacts/<name>.png."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
