"""Sentiment and complaint accuracy of the comment analysis on our 200 labelled comments.

    .venv/bin/python bench/sentiment.py

Reads tests/data/feedback_comments.csv (written by hand: service, app, fees, advisers, accounts and
products; Positive / Neutral / Negative, complaint yes / no) and prints, for the lexicon (what the app
stores) and for SnowNLP's shipped model: accuracy over the three classes, accuracy on the comments that
are not Neutral, a confusion matrix, and the complaint classifier's precision and recall. Pure Python, no
database. Caveat: the lexicon and the comments were written by the same hands, and the lexicon was then
tuned on them (one round of general words; it scored 75.5 % before, 91.5 % after), so its figure is an
in-sample, optimistic one; SnowNLP's model was trained on shopping reviews and never saw these.
"""

from __future__ import annotations

import csv
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "apps" / "securities_crm"))

from securities_crm.feedback import text as t

CLASSES = (t.POSITIVE, t.NEUTRAL, t.NEGATIVE)


def snownlp_score(text: str) -> float:
    """SnowNLP's probability of positive, mapped to (−1, 1) like the lexicon's score (the `bench` extra:
    pip install -e "apps/securities_crm[bench]")."""
    from snownlp import SnowNLP  # why here: it loads its model (~1 s) at import

    if not (text or "").strip():
        return 0.0
    return round(2 * SnowNLP(text).sentiments - 1, 4)


def rows() -> list[dict]:
    with open(ROOT / "tests" / "data" / "feedback_comments.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def report(name: str, truth: list[str], guess: list[str]) -> None:
    n = len(truth)
    right = sum(a == b for a, b in zip(truth, guess))
    polar = [(a, b) for a, b in zip(truth, guess) if a != t.NEUTRAL]
    polar_right = sum(a == b for a, b in polar)
    print(
        f"{name}: accuracy {right}/{n} = {right / n:.1%}; on Positive/Negative only {polar_right}/{len(polar)} "
        f"= {polar_right / len(polar):.1%}"
    )
    matrix = Counter(zip(truth, guess))
    print("    truth \\ guess " + "".join(f"{c:>10}" for c in CLASSES))
    for a in CLASSES:
        print(f"    {a:>15} " + "".join(f"{matrix[(a, b)]:>10}" for b in CLASSES))


def main() -> None:
    data = rows()
    truth = [r["sentiment"] for r in data]
    started = time.perf_counter()
    analyses = [t.analyse(r["text"]) for r in data]
    lexicon_s = time.perf_counter() - started
    started = time.perf_counter()
    snow = [t.label(snownlp_score(r["text"])) for r in data]
    snow_s = time.perf_counter() - started
    print(f"{len(data)} comments: " + ", ".join(f"{k} {v}" for k, v in sorted(Counter(truth).items())))
    report(f"lexicon ({lexicon_s:.2f} s, with jieba's first load)", truth, [a.sentiment for a in analyses])
    report(f"SnowNLP ({snow_s:.2f} s, with its model's load)", truth, snow)
    actual = [r["complaint"] == "yes" for r in data]
    flagged = [a.complaint for a in analyses]
    tp = sum(a and f for a, f in zip(actual, flagged))
    fp = sum(f and not a for a, f in zip(actual, flagged))
    fn = sum(a and not f for a, f in zip(actual, flagged))
    print(
        f"complaints: {sum(actual)} labelled, {sum(flagged)} flagged; precision {tp}/{tp + fp} = "
        f"{tp / max(1, tp + fp):.1%}, recall {tp}/{tp + fn} = {tp / max(1, tp + fn):.1%}"
    )
    if "-v" in sys.argv:
        for r, a, s in zip(data, analyses, snow):
            if a.sentiment != r["sentiment"] or a.complaint != (r["complaint"] == "yes"):
                print(
                    f"  #{r['id']} {r['text']} truth={r['sentiment']}/{r['complaint']} lexicon={a.sentiment} "
                    f"{a.sentiment_score} complaint={a.complaint} snownlp={s} {a.tokens}"
                )


if __name__ == "__main__":
    main()
