"""Service Offering (服务): a service the firm provides (margin trading, options, advisory...), rated like a product."""
