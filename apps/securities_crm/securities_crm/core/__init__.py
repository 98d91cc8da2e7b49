"""The DocType machinery every model shares: base document, naming series, registry, session user."""
