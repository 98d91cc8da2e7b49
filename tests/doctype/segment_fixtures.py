"""Helpers for the segment tests: a segment saved through the model, and tags."""

import datetime as dt

DAY1 = dt.date(2026, 3, 2)
DAY2 = dt.date(2026, 3, 3)
DAY3 = dt.date(2026, 3, 4)


def segment(name="S", rule=None, parameters=None, kind="Rule", **fields):
    from securities_crm.doctype.segment.model import Segment

    seg = Segment(segment_name=name, kind=kind, rule=rule or {}, parameters=parameters or {}, **fields)
    seg.save()
    return seg


def tag(client, word, source="Manual"):
    from securities_crm.doctype.client_tag.model import ClientTag

    t = ClientTag(client=client, tag=word, source=source)
    t.save()
    return t


LADDER = {
    "field": "financial_assets",
    "tiers": [["普通", 0], ["银卡", 100000], ["金卡", 500000], ["白金", 2000000], ["钻石", 10000000]],
}
