"""Feedback and satisfaction: surveys on every channel, responses, their analysis (NPS, CSAT, CES,
Chinese comments) and the improvement actions that close the loop. A service package (ARCHITECTURE.md)."""
