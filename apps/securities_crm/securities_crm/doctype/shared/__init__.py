"""Definitions several DocTypes share: not a DocType of its own.

suitability.py  the suitability vocabulary (risk ratings, horizons, varieties, channels, results) and
                the rating fields Product and Service Offering share
trading.py      the trading records' base: autoincrement names, source and external id, immutability
"""
