"""Securities CRM: a Django app that keeps Frappe's conventions (DocTypes, naming series, desk, roles)."""
