"""The portal's pages, one module per page: auth, home, profile, assessment, accounts, products, privacy."""
