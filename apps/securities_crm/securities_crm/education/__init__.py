"""Investor education (投资者教育): content and its compliance review, reading, knowledge tests, events,
and each client's investor-education record. A service package (ARCHITECTURE.md)."""
