"""How a masked value looks. Pure formatting: which roles see what is security/masking.py's question."""

from __future__ import annotations

# kind: (characters kept at the start, characters kept at the end)
MASKS = {"id_number": (6, 4), "mobile": (3, 4), "bank_account": (4, 4)}


def mask(value, kind: str = "text") -> str:
    """110105194912310025 -> 110105********0025; 13812345678 -> 138****5678; short values hide more."""
    if value in (None, ""):
        return ""
    text = str(value)
    head, tail = MASKS.get(kind, (1, 1))
    if len(text) <= head + tail + 1:  # too short to show both ends: keep only the last character or two
        keep = min(2, max(len(text) // 4, 0))
        return "*" * (len(text) - keep) + (text[-keep:] if keep else "")
    return text[:head] + "*" * (len(text) - head - tail) + text[len(text) - tail :]
