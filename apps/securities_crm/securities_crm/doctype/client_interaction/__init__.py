"""Client Interaction: calls, visits, messages and meetings on a client's timeline."""
