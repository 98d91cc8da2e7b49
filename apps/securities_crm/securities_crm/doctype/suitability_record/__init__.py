"""Suitability Record (适当性匹配记录): an immutable record of a confirmed suitability result.

Written only by suitability.service.confirm(): the check's result per axis, the warning text
the client was shown, who confirmed, when, where, and the follow-up visit (回访) due date.
"""
