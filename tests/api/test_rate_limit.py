"""The rate limit: a fixed one-minute window per API key and per client IP, counted in Redis."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh_counters(settings):
    """The counters live in Redis across tests; start this test from zero."""
    from django.core.cache import cache

    settings.CRM_API_RATE_WINDOW = 7 * 24 * 3600  # one window for the whole test, whenever it runs
    client = cache._cache.get_client(write=True)
    for key in client.scan_iter(cache.make_key("api-rate:*")):
        client.delete(key)


def test_per_key_limit_answers_429(settings, admin_user, api_key_for, fresh_counters):
    settings.CRM_API_RATE_LIMIT = 5
    settings.CRM_API_RATE_LIMIT_IP = 0
    token, other = api_key_for(admin_user), api_key_for(admin_user)
    responses = [Client().get("/api/method/ping", headers={"Authorization": f"token {token}"}) for _ in range(7)]
    assert [r.status_code for r in responses] == [200] * 5 + [429] * 2
    assert responses[-1].json()["exc_type"] == "RateLimitExceededError" and responses[-1]["Retry-After"]
    # another key is counted on its own
    assert Client().get("/api/method/ping", headers={"Authorization": f"token {other}"}).status_code == 200


def test_per_ip_limit_counts_guests_and_wrong_secrets(settings, fresh_counters):
    settings.CRM_API_RATE_LIMIT = 0
    settings.CRM_API_RATE_LIMIT_IP = 3
    c = Client(REMOTE_ADDR="10.9.8.7")
    codes = [c.get("/api/method/ping").status_code for _ in range(3)]
    codes.append(c.get("/api/method/ping", headers={"Authorization": "token k:wrong"}).status_code)
    assert codes == [200, 200, 200, 429]
    assert Client(REMOTE_ADDR="10.9.8.6").get("/api/method/ping").status_code == 200
