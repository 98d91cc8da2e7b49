"""Product (产品): something the firm sells, with its risk rating R1–R5, horizon and variety for matching."""
