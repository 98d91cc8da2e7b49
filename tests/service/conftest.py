"""The service tests call the API as the API tests do (an API key per user)."""

from api.conftest import api_as, api_key_for  # noqa: F401
