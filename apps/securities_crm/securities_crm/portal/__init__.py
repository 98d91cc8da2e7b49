"""The client self-service portal at /portal/."""
