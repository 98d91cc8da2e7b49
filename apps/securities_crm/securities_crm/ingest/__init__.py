"""Bulk ingestion of trading data (trades, orders, fund transfers, positions, login events, instruments):
parse, validate on Arrow arrays, write idempotently per database, and hand the touched accounts to
monitoring. See the README's "Trading data ingestion"."""
