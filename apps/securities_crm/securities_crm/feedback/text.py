"""Chinese comment analysis: pure functions over text, no database.

- Tokens: jieba, with a finance user dictionary (`data/finance_dict.txt`: 两融, 科创板, 佣金, 银证转账, 闪退 …)
  so that the words clients use about a broker stay whole.
- Keywords: TF-IDF, with jieba's IDF table (words it does not know get its median IDF) and our stop words
  (`data/stopwords.txt`); ties are broken by the word, so the order never depends on dict order.
- Topics: keyword clusters seeded as data (`data/lexicon.json`, "topics"): a comment is about a topic when
  one of its tokens is one of the topic's words. Deterministic and explainable, unlike a sampled model.
- Sentiment: a lexicon (`data/lexicon.json`): +1 per positive word, −1 per negative word, turned over by a
  negator up to two tokens before it (不, 没有 …), doubled by an intensifier just before it (很, 太 …), and
  the clause after a contrast (但是, 不过 …) weighs twice. score = sum / (Σ|w| + 1), in (−1, 1); Positive
  above +THRESHOLD, Negative below −THRESHOLD, Neutral between. SnowNLP's shipped model is the baseline
  bench/sentiment.py measures it against; on our labelled comments the lexicon is the more accurate.
- Complaint: a complaint marker (投诉, 12386, 乱收费, 误导 …) in a comment whose sentiment is below zero.

jieba has no randomness: the same text always gives the same result.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import jieba
import jieba.analyse
from django.utils.translation import gettext_lazy as _

DATA = Path(__file__).resolve().parent / "data"
USER_DICT = DATA / "finance_dict.txt"
THRESHOLD = 0.2  # |score| below this is Neutral
KEYWORDS_PER_COMMENT = 5
CONTRASTS = ("但是", "但", "不过", "可是", "然而", "就是")
CLAUSE_BREAKS = set("，。！？；,.!?;\n")
NEGATION_WINDOW = 2

POSITIVE, NEUTRAL, NEGATIVE = "Positive", "Neutral", "Negative"
# The topics of lexicon.json, as readers see them (keys stay in English in what is stored).
TOPIC_LABELS = {
    "app": _("App and trading"),
    "fees": _("Fees and rates"),
    "service": _("Service"),
    "adviser": _("Advisers"),
    "account": _("Accounts and transfers"),
    "products": _("Products"),
}
_lock = threading.Lock()
_WORD = re.compile(r"[\w\u4e00-\u9fff]")


@cache
def lexicon() -> dict:
    with open(DATA / "lexicon.json", encoding="utf-8") as f:
        data = json.load(f)
    return {key: (value if key == "topics" else frozenset(value)) for key, value in data.items() if key != "_about"}


@cache
def stop_words() -> frozenset[str]:
    return frozenset(w.strip() for w in (DATA / "stopwords.txt").read_text(encoding="utf-8").splitlines() if w.strip())


@cache
def _idf() -> tuple[dict[str, float], float]:
    loader = jieba.analyse.TFIDF()  # reads jieba's shipped IDF table once
    return loader.idf_freq, loader.median_idf


def tokenizer() -> jieba.Tokenizer:
    """One jieba tokenizer with the finance dictionary, built once per process (thread-safe)."""
    with _lock:
        tok = getattr(tokenizer, "_tok", None)
        if tok is None:
            jieba.setLogLevel(logging.WARNING)
            tok = jieba.Tokenizer()
            tok.initialize()
            tok.load_userdict(str(USER_DICT))
            tokenizer._tok = tok  # type: ignore[attr-defined]
        return tok


def tokens(text: str) -> list[str]:
    """jieba's tokens with the finance dictionary, blanks dropped."""
    return [t for t in tokenizer().lcut(text or "", HMM=True) if t.strip()]


def content_words(toks: list[str]) -> list[str]:
    """What may be a keyword: no stop word, no punctuation or number, no single character outside the dictionary."""
    lex = lexicon()
    keep = []
    for t in toks:
        if t in stop_words() or not _WORD.search(t) or t.isdigit() and t != "12386":
            continue
        if len(t) == 1 and t not in lex["positive"] and t not in lex["negative"]:
            continue
        keep.append(t)
    return keep


def keywords(toks: list[str], k: int = KEYWORDS_PER_COMMENT) -> list[str]:
    """The k words of highest TF-IDF (ties by the word itself), then the comment's topic words that are not
    among them, so that `topics(keywords)` equals `topics(tokens)`: the topics are read back from what is
    stored, with no second pass of jieba over every comment."""
    top = [w for w, _ in tfidf(toks).most_common_sorted(k)]
    seeds = set().union(*lexicon()["topics"].values())
    return top + sorted({t for t in toks if t in seeds} - set(top))


class _Weights(Counter):
    def most_common_sorted(self, k: int) -> list[tuple[str, float]]:
        return sorted(self.items(), key=lambda kv: (-kv[1], kv[0]))[:k]


def tfidf(toks: list[str]) -> _Weights:
    words = content_words(toks)
    if not words:
        return _Weights()
    idf, median = _idf()
    counts = Counter(words)
    return _Weights({w: round(n / len(words) * idf.get(w, median), 6) for w, n in counts.items()})


def topics(toks: list[str]) -> list[str]:
    """The topics (lexicon.json's keys) one of whose words is among the tokens, in the lexicon's order."""
    present = set(toks)
    return [name for name, words in lexicon()["topics"].items() if present.intersection(words)]


def lexicon_score(toks: list[str]) -> float:
    lex = lexicon()
    total = magnitude = 0.0
    clause_weight = 1.0
    for i, tok in enumerate(toks):
        if tok in CONTRASTS:
            clause_weight = 2.0  # what follows a "but" is what the client means
            continue
        polarity = 1.0 if tok in lex["positive"] else -1.0 if tok in lex["negative"] else 0.0
        if not polarity:
            continue
        # look back over the clause only: a negator or intensifier in the previous clause is not this word's
        window = []
        for j in range(i - 1, max(-1, i - 1 - NEGATION_WINDOW - 1), -1):
            if toks[j] in CLAUSE_BREAKS or toks[j] in CONTRASTS:
                break
            window.append(toks[j])
        flips = sum(1 for t in window[:NEGATION_WINDOW] if t in lex["negators"])
        if flips % 2:
            polarity = -polarity
        if window and window[0] in lex["intensifiers"]:
            polarity *= 2
        total += polarity * clause_weight
        magnitude += abs(polarity) * clause_weight
    return round(total / (magnitude + 1), 4)


def label(score: float) -> str:
    if score > THRESHOLD:
        return POSITIVE
    if score < -THRESHOLD:
        return NEGATIVE
    return NEUTRAL


def complaint_markers(text: str) -> list[str]:
    return sorted(m for m in lexicon()["complaint_markers"] if m in (text or ""))


@dataclass(frozen=True)
class Analysis:
    tokens: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    sentiment: str = NEUTRAL
    sentiment_score: float = 0.0
    complaint: bool = False
    markers: list[str] = field(default_factory=list)

    @property
    def negative(self) -> bool:
        return self.sentiment == NEGATIVE


def analyse(text: str) -> Analysis:
    """Everything the comment analysis says about one comment."""
    text = (text or "").strip()
    if not text:
        return Analysis()
    toks = tokens(text)
    score = lexicon_score(toks)
    markers = complaint_markers(text)
    return Analysis(
        tokens=toks,
        keywords=keywords(toks),
        topics=topics(toks),
        sentiment=label(score),
        sentiment_score=score,
        complaint=bool(markers) and score < 0,
        markers=markers,
    )


def corpus_keywords(texts: list[str], k: int = 20) -> list[tuple[str, float]]:
    """Keywords of many comments: each word's TF-IDF summed over the comments (for the word cloud)."""
    total: _Weights = _Weights()
    for text in texts:
        for word, weight in tfidf(tokens(text)).items():
            total[word] = round(total[word] + weight, 6)
    return total.most_common_sorted(k)


def topic_counts(texts: list[str]) -> list[tuple[str, int]]:
    """How many comments touch each topic, most first (ties in the lexicon's order)."""
    order = list(lexicon()["topics"])
    counts = Counter(t for text in texts for t in topics(tokens(text)))
    return sorted(counts.items(), key=lambda kv: (-kv[1], order.index(kv[0])))
