"""Consent Record: one consent given or withdrawn by a client (PIPL). Append-only; the latest row per
consent is the client's current choice — see ConsentRecord.current()."""
