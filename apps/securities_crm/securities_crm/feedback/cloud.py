"""The word cloud of comment keywords, as a PNG (the wordcloud package, with the Noto CJK font Debian ships).

Deterministic: the layout's randomness is seeded (random_state), the colours come from a fixed function of
the word, and the words are given in a fixed order, so the same counts draw the same picture, byte for byte.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from wordcloud import WordCloud

FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
COLOURS = ["#b91c1c", "#f59e0b", "#2563eb", "#059669", "#7c3aed", "#64748b"]  # the desk's chart palette
SEED = 18


def _colour(word, **_kwargs) -> str:
    return COLOURS[int(hashlib.sha1(word.encode("utf-8")).hexdigest(), 16) % len(COLOURS)]


def png(counts: dict[str, int], width: int = 640, height: int = 320, max_words: int = 80) -> bytes | None:
    """The cloud of these word counts; None when there is no word."""
    counts = {w: n for w, n in counts.items() if n > 0}
    if not counts:
        return None
    ordered = dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:max_words])
    cloud = WordCloud(
        font_path=str(FONT) if FONT.exists() else None,
        width=width,
        height=height,
        background_color="white",
        max_words=max_words,
        random_state=SEED,
        color_func=_colour,
        prefer_horizontal=1.0,  # Chinese read across; a turned word reads sideways
        collocations=False,
    ).generate_from_frequencies(ordered)
    buffer = io.BytesIO()
    cloud.to_image().save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()
