"""/api/openapi.json: a valid OpenAPI 3 document for every DocType and method, fuzzed with
schemathesis (no 500, responses as documented), and the docs page that renders it."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis import checks

from securities_crm.api import openapi
from securities_crm.core import registry

pytestmark = pytest.mark.django_db


def test_document_is_valid_openapi_and_covers_every_doctype_and_method(client):
    from jsonschema import Draft4Validator  # noqa: F401  (schemathesis validates the document itself)

    doc = client.get("/api/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    for spec in registry.all_doctypes():
        path = "/api/resource/" + spec.name.replace(" ", "%20")
        assert path in doc["paths"] and path + "/{name}" in doc["paths"]
        assert (
            "put" not in doc["paths"][path + "/{name}"] if spec.immutable else "put" in doc["paths"][path + "/{name}"]
        )
    assert "/api/method/frappe.client.get_list" in doc["paths"]
    branch_in = doc["components"]["schemas"]["BranchInput"]
    assert set(branch_in["required"]) == {"branch_code", "branch_name", "city"}
    assert branch_in["properties"]["is_active"]["type"] == "boolean"
    schemathesis.openapi.from_dict(doc)  # refuses an invalid OpenAPI document


def test_docs_page_is_served_locally(client):
    html = client.get("/api/docs").content.decode()
    assert "swagger-ui-bundle.js" in html and "/static/" in html and "http" not in html.split("<body>")[1]


_handler = None


def in_process_app(environ, start_response):
    """The site, called in-process (WSGI) inside the test's transaction. Django's own test client
    keeps the connection open between requests in the same way: no close_old_connections."""
    global _handler
    from django.core.handlers.wsgi import WSGIHandler

    _handler = _handler or WSGIHandler()
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        result = _handler(environ, start_response)
        try:
            return list(result)
        finally:
            result.close()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_token(make_user, branch, api_key_for):
    return api_key_for(make_user("fuzzer", roles=["System Manager"], branch=branch))


CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]

# pytest-django has set Django up before test modules are imported, so the registry is built.
schema = schemathesis.openapi.from_dict(openapi.document())
schema.app = in_process_app


@schema.parametrize()
@settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_fuzz(case, db, fuzz_token):
    """No 500, and every answer as documented. (Schema-violating input answers 417, Frappe's
    validation status, so schemathesis's own expectation of 400/422 for it is not applied.)"""
    case.call_and_validate(base_url="http://localhost", checks=CHECKS, headers={"Authorization": f"token {fuzz_token}"})
