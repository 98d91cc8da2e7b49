"""Fixtures for the REST API tests: users with API keys, and an authorised test client."""

import pytest


@pytest.fixture(autouse=True)
def generous_rate_limit(settings):
    """The suite sends many requests from 127.0.0.1; test_rate_limit.py sets its own limits."""
    settings.CRM_API_RATE_LIMIT = 0
    settings.CRM_API_RATE_LIMIT_IP = 0


@pytest.fixture
def api_key_for(db):
    """api_key_for(user) -> "key:secret", a fresh API key for the user."""
    from securities_crm.doctype.api_key.model import ApiKey

    def make(user):
        key, secret = ApiKey.generate(user)
        return f"{key.api_key}:{secret}"

    return make


class ApiClient:
    """Django's test client with an API key on every request, speaking JSON."""

    def __init__(self, client, token):
        self.client, self.auth = client, f"token {token}" if token else None

    def _kw(self, headers):
        headers = dict(headers or {})
        if self.auth:
            headers.setdefault("Authorization", self.auth)
        return {"headers": headers}

    def get(self, url, params=None, headers=None):
        return self.client.get(url, params or {}, **self._kw(headers))

    def post(self, url, data=None, headers=None):
        return self.client.post(url, data or {}, content_type="application/json", **self._kw(headers))

    def put(self, url, data=None, headers=None):
        return self.client.put(url, data or {}, content_type="application/json", **self._kw(headers))

    def delete(self, url, headers=None):
        return self.client.delete(url, **self._kw(headers))


@pytest.fixture
def api_as(client, api_key_for):
    """api_as(user) -> an ApiClient authorised with a new API key of that user."""

    def make(user):
        from django.test import Client

        return ApiClient(Client(), api_key_for(user))

    return make


@pytest.fixture
def admin_user(make_user, branch):
    return make_user("api_admin", roles=["System Manager"], branch=branch)


@pytest.fixture
def api(api_as, admin_user):
    """An ApiClient for a System Manager."""
    return api_as(admin_user)


def messages(response) -> list[str]:
    """The texts in Frappe's _server_messages (a JSON string of a list of JSON strings)."""
    import json

    body = response.json()
    return [json.loads(m)["message"] for m in json.loads(body["_server_messages"])]
