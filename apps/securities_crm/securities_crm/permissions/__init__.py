"""Who may do what: role rights per DocType (rights.py) and record rules (policy.py).

The desk, the REST API and the portal all ask `policy`; none of them filters on its own.
"""
