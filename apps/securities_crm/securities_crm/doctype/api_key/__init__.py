"""API Key: credentials for other systems calling the REST API (`Authorization: token key:secret`)."""
