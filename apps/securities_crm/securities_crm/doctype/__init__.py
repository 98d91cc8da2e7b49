"""The data model: one folder per DocType (model.py, desk.py, and rules.py where its record rules differ)."""
