"""Securities Account (证券账户): a client's cash, margin or options account, with its designated bank (三方存管)."""
