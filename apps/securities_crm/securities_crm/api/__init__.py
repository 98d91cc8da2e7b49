"""The REST API in Frappe's wire protocol: /api/resource/<DocType> and /api/method/<dotted.path>."""
