"""No list or count input is a server error: every DocType, every operator, a field of every kind, hostile values.

Generated from the DocType registry and each DocType's API metadata, so a DocType added later is covered
without a test of its own. For each DocType one field of each kind it has is chosen (link, one-to-one and
user links, select, date, datetime, decimal, int, float, check, JSON, text and data of each storage type,
encrypted fields), and every operator of `query.OPERATORS` is tried on it with values a client could send
(as the JSON text it would send: wrong shapes, huge and non-finite numbers, impossible dates, LIKE and SQL
metacharacters, long strings, NUL, unicode, deep lists). Then `fields` with aggregates and aliases,
`order_by`, `group_by`, paging and `or_filters`, and the child-table names.

The list and count run through `api/documents.py` (the real parsing, record rules and query, on the real
database, with one sample record per DocType) as a System Manager, and any exception is mapped as the endpoint
maps it. The only assertions: no answer is a 500, a 417 carries a message, and an answer is strict JSON (no
NaN or Infinity). One test per DocType; all failures of a DocType are listed together. Request bodies
(nesting, NaN literals) are tested through HTTP in test_resource.py.
"""

from __future__ import annotations

import json
import traceback
from contextlib import nullcontext

import pytest
from django.db import DatabaseError, connection, transaction

from securities_crm.api import documents, errors, query
from securities_crm.api.meta import STANDARD, meta
from securities_crm.api.response import dumps
from securities_crm.core import registry

from .factory import sample

pytestmark = pytest.mark.django_db

# Values as the JSON text a client sends, so they pass through the same parser as a real request. Each
# operator family (= and !=; the comparisons; like and not like; in and not in; is; between and not between)
# shares one value parser: its first operator gets the common values and the family's own, the others the
# family's own (which are the ones aimed at them).
COMMON = [
    '""',
    "null",
    "true",
    "-1",
    "3.5",
    "1e400",
    "123456789012345678901234567890",
    "NaN",
    '"nan"',
    '"2026-02-30"',
    '"0001-01-01"',
    '"9999-12-31 23:59:59.999999"',
    '"%_%"',
    '"\\\\"',
    '"名字🙂"',
    '"a\\u0000b"',
    '"\\ud800"',
    json.dumps("x" * 5000),
    "[]",
    '["a", "b", "c"]',
    '[[["deep"]]]',
    '{"a": 1}',
]
BY_OPERATOR = {
    "=": [
        "0",
        "0e-99999",
        '"Infinity"',
        '"2026-01-01T10:00:00+08:00"',
        '"127.0.0.1"',
        '"::1"',
        '"P1D"',
        '"12:00"',
        "[null]",
    ],
    ">": [
        "-1e400",
        "1e-400",
        "1e400000",
        "-1e-400000",
        '"1e400000"',
        '"-1e-400000"',
        "9223372036854775808",
        "-9223372036854775809",
        "2147483648",
        '"inf"',
        '"0001-01-01 00:00:00"',
        '"9999-12-31"',
        '"10000-01-01"',
        '"2026-13-01"',
        '"2026-01-01T10:00:00+08:00"',
    ],
    "like": [
        '"%"',
        '"_"',
        '"%%"',
        '"%_%_%_%_%_%_%Z"',
        '"%a%b%c%d%e%f%g%h%i%"',
        '"%\\\\"',
        '"a\\\\%b"',
        '"\'; DROP TABLE x; --"',
        '"[not json"',
        json.dumps("%" + "_" * 300 + "%"),
        json.dumps("a" * 141),
        "0",
    ],
    "in": [
        "[null]",
        '[""]',
        '"a,b,,c"',
        '","',
        '[1e400, "nan"]',
        "[true, false]",
        '[{"a": 1}, {"b": 2}]',
        json.dumps(list(range(1001))),
        '["0001-01-01", "2026-02-30"]',
    ],
    "is": ['"set"', '"not set"', '" SET "', '["set"]', "0"],
    "between": [
        '[null, "2026-01-01"]',
        '["2026-01-01", null]',
        "[null, null]",
        '["", ""]',
        '["2026-02-30", "2026-03-01"]',
        '["0001-01-01", "9999-12-31"]',
        '["0001-01-01", "0001-01-02"]',
        '["9999-12-30", "9999-12-31"]',
        '["2026-01-01", "2026-01-31"]',
        "[1, 2]",
        '"2026-01-01,2026-02-01"',
        '"a,b"',
        "[1e400, -1e400]",
        '[1, "nan"]',
        '["a"]',
        "[1, 2, 3]",
        '[["a"], ["b"]]',
    ],
}
FAMILY = {
    "=": "=",
    "!=": "=",
    ">": ">",
    "<": ">",
    ">=": ">",
    "<=": ">",
    "like": "like",
    "not like": "like",
    "in": "in",
    "not in": "in",
    "is": "is",
    "between": "between",
    "not between": "between",
}


def values_for(op: str) -> list[str]:
    return (COMMON if op in BY_OPERATOR else []) + BY_OPERATOR[FAMILY[op]]


def kind_of(info) -> str:
    """The kind a field is chosen by: its API kind, with links, choices, encryption and storage told apart."""
    if info.sensitive:
        return "encrypted"
    if info.kind == "link":
        return ("user link" if info.user_link else "link") + (" (one-to-one)" if info.field.one_to_one else "")
    if info.choices:
        return f"select ({info.kind})"
    if info.kind == "data":
        return f"data ({info.field.get_internal_type()})"
    return info.kind


def chosen_fields(m) -> dict[str, str]:
    """One field per kind (the first of the DocType's own fields, else a standard one): kind -> field name."""
    out: dict[str, str] = {}
    ordered = [n for n in m.fields if n not in STANDARD] + [n for n in m.fields if n in STANDARD]
    for name in ordered:
        out.setdefault(kind_of(m.fields[name]), name)
    return out


def filter_cases(m, fields: dict[str, str]):
    """(label, params, count) for every operator on every chosen field (and the child-table names) with its
    values; count: whether get_count is tried too (once per field, and for the filter shapes)."""
    targets = dict(fields)
    for fieldname in m.children:
        targets[f"child table {fieldname}"] = fieldname
    for kind, name in targets.items():
        for op in query.OPERATORS:
            for value in values_for(op):
                text = f"[[{json.dumps(name)}, {json.dumps(op)}, {value}]]"
                yield f"{kind} {name} {op} {value[:60]}", {"filters": text}, False
        # the dict form, the four-element form and or_filters, once per field, through get_count too
        yield f"{kind} dict form", {"filters": f'{{{json.dumps(name)}: ["like", "%_%"]}}'}, True
        yield f"{kind} dict bare", {"filters": f"{{{json.dumps(name)}: [1, 2, 3]}}"}, True
        yield f"{kind} four", {"filters": json.dumps([[m.doctype, name, "=", "x"]])}, True
        yield f"{kind} or_filters", {"or_filters": json.dumps([[name, "like", "%a_%"], [name, "is", "set"]])}, True
        yield f"{kind} between", {"filters": json.dumps([[name, "not between", ["2026-01-01", "2026-01-31"]]])}, True
    for _fieldname, (child_doctype, _fk) in m.children.items():
        child = meta(registry.get(child_doctype).model)
        for child_field in list(child.fields)[:3]:
            yield (
                f"child {child_doctype}.{child_field}",
                {"filters": json.dumps([[child_doctype, child_field, "=", "x"]])},
                True,
            )


def shape_cases(m, fields: dict[str, str]):
    """(label, params, count) for fields, aggregates and aliases, order_by, group_by, paging and filter shapes."""
    names = list(fields.values())
    links = [n for n, i in m.fields.items() if i.kind == "link"]
    aliases = list(
        dict.fromkeys(
            names
            + links
            + [m.fields[n].field.attname for n in links]
            + [f.name for f in m.model._meta.get_fields()]
            + ["name", "pk", "id", "objects", "a__b", "count", "n"]
        )
    )
    for alias in aliases:
        for fn in ("count(*)", "max(name)"):
            yield f"alias {fn} as {alias}", {"fields": json.dumps([f"{fn} as {alias}"])}, False
        yield (
            f"alias grouped {alias}",
            {
                "fields": json.dumps([names[0], f"count(*) as {alias}"]),
                "group_by": names[0],
                "order_by": f"{alias} desc",
            },
            False,
        )
    for name in names:
        for fn in ("count", "sum", "avg", "min", "max"):
            yield f"{fn}({name})", {"fields": json.dumps([f"{fn}({name})"])}, False
            yield (
                f"{fn}({name}) grouped",
                {"fields": json.dumps([name, f"{fn}({name}) as v"]), "group_by": name, "order_by": "v desc"},
                False,
            )
        yield f"field {name}", {"fields": json.dumps([name, "name"]), "order_by": f"{name} desc"}, False
        yield f"order {name}", {"order_by": f"`tab{m.doctype}`.`{name}` asc, name desc"}, False
        yield f"group {name}", {"fields": json.dumps([name]), "group_by": name, "order_by": f"{name} asc"}, False
        yield f"group {name} count", {"fields": json.dumps([name, "count(*) as n"]), "group_by": f"{name},name"}, False
    for child in m.children:  # a child table is no column: not a field to show, sort, group or count
        yield (
            f"child table {child} as a field",
            {"fields": json.dumps(["name", child]), "order_by": f"{child} asc"},
            False,
        )
        yield f"child table {child} grouped", {"fields": json.dumps([f"count({child})"]), "group_by": child}, False
    for value in (
        '"*"',
        '["*"]',
        '["*", "count(*)"]',
        "[1]",
        "[null]",
        '{"a": 1}',
        '"name,,name"',
        '""',
        '["name", "name"]',
        '["count(*) as n", "count(*) as n"]',
        '["count(*) as n", "max(name) as n"]',
        '["count(*)", "count(*)"]',
        '["COUNT( * )"]',
        '["count(*) as"]',
        '["sum(*)"]',
        '["count(name) as name"]',
        f'["`tab{m.doctype}`.*"]',
        '["count(`name`)"]',
        '["count(tabX.name)"]',
        json.dumps(["name"] * 500),
        json.dumps(["x" * 5000]),
        '[[[["name"]]]]',
        "NaN",
        '["\\u0000"]',
    ):
        yield f"fields {value[:40]}", {"fields": value}, False
    for order in (
        "",
        "name",
        "name desc, ",
        ",",
        "name desc,name asc",
        "1",
        "count(*) desc",
        "n desc",
        "name desc desc",
        "name\x00 desc",
        "x" * 5000,
        "modified desc, creation asc, name asc",
    ):
        yield f"order_by {order[:40]!r}", {"order_by": order}, False
    for group in ("", ",", "name,name", "x" * 5000, "`name`"):
        yield f"group_by {group[:40]!r}", {"fields": '["count(*) as n"]', "group_by": group}, False
    for key in ("limit_start", "limit_page_length", "limit"):
        for value in ("-1", "0", "1", "2147483648", "1e400", "1.5", "NaN", "", " ", "x", "99999999999999999999"):
            yield f"{key}={value}", {key: value}, False
    for as_dict in ("0", "false", "maybe", "", "[]"):
        yield f"as_dict={as_dict}", {"as_dict": as_dict, "fields": '["name", "modified"]'}, False
    for value in (
        '"x"',
        "1",
        "[1, 2, 3]",
        '[["name"]]',
        '[["name", "=", "a", "b", "c"]]',
        '[[null, "=", 1]]',
        '[[{"a": 1}, "=", 1]]',
        '[["name", null, 1]]',
        '[["name", ["="], 1]]',
        '{"name": ["=", "a", "b"]}',
        '{"name": {"a": 1}}',
        '{"": 1}',
        '[[" name ", "=", 1]]',
        '[["tabX.name", "=", 1]]',
        f'[["`tab{m.doctype}`.`name`", "=", "x"]]',
        '[["Other DocType", "name", "=", 1]]',
        "[" * 40 + "]" * 40,
        "[" * 100000 + "]" * 100000,
        '[["name", "=", 1], "name"]',
        '["name", "=", 1]',
        '{"name": NaN}',
        '[["name", "=", Infinity]]',
        '[["name", "in", ' + json.dumps(["v"] * 1001) + "]]",
        json.dumps([["name", "=", str(i)] for i in range(101)]),
        json.dumps([["name", "in", [str(i) for i in range(1000)]]] * 11),
    ):
        yield f"filters {value[:50]}", {"filters": value}, True
        yield f"or_filters {value[:50]}", {"or_filters": value}, True
    yield "or_filters 1000", {"or_filters": json.dumps([["name", "=", str(i)] for i in range(1000)])}, True
    yield (
        "filters+or_filters 51+50",
        {
            "filters": json.dumps([["name", "!=", str(i)] for i in range(51)]),
            "or_filters": json.dumps([["name", "=", str(i)] for i in range(50)]),
        },
        True,
    )
    yield (
        "filters+or_filters 50+50",
        {
            "filters": json.dumps([["name", "!=", str(i)] for i in range(50)]),
            "or_filters": json.dumps([["name", "like", f"%{i}_%"] for i in range(50)]),
        },
        True,
    )


def answer(m, params, call, savepoint: bool = False):
    """(status, messages, database error?) as the endpoint would answer: parsing first (a refusal needs no
    database), then the call itself on the database, its answer encoded as the endpoint encodes it."""
    try:
        query.parse(m, params)
        with transaction.atomic() if savepoint else nullcontext():
            body = dumps({"data": call()})
        json.loads(body, parse_constant=_not_json)
        return 200, [], False
    except _NotStrictJson as exc:
        return 500, [f"not strict JSON: {exc}"], False
    except Exception as exc:  # noqa: BLE001  (the test is that every exception maps to a proper answer)
        err = errors.to_api_error(exc)
        if err.status == 500:
            return 500, ["".join(traceback.format_exception_only(exc)).strip()[:400]], isinstance(exc, DatabaseError)
        return err.status, err.messages, isinstance(exc, DatabaseError)


def answers(calls, m) -> list:
    """answer() for each (label, params, call). PostgreSQL ends a transaction (the test's) at any error, so
    there the calls run in batches, each in a savepoint; a batch in which the database refused something is
    rolled back and run again with a savepoint per call, so that each answer is its own."""
    if connection.vendor != "postgresql":
        return [(label, *answer(m, params, call)) for label, params, call in calls]
    out = []
    for start in range(0, len(calls), 500):
        batch = calls[start : start + 500]
        sid = transaction.savepoint()
        got = [(label, *answer(m, params, call)) for label, params, call in batch]
        if any(refused for *_answer, refused in got):
            transaction.savepoint_rollback(sid)
            got = [(label, *answer(m, params, call, savepoint=True)) for label, params, call in batch]
        else:
            transaction.savepoint_commit(sid)
        out += got
    return out


class _NotStrictJson(Exception):
    pass


def _not_json(text):
    raise _NotStrictJson(text)


def doctypes() -> list[str]:
    return [s.name for s in registry.all_doctypes()]


@pytest.fixture
def fuzz_user(make_user, branch):
    return make_user("fuzz_admin", roles=["System Manager"], branch=branch)


@pytest.mark.parametrize("doctype", doctypes())
def test_no_list_or_count_input_is_a_server_error(doctype, fuzz_user, branch, caplog):
    spec = registry.get(doctype)
    m = meta(spec.model)
    sample(spec.model, branch, fuzz_user)  # a row, so conditions are evaluated against data too
    fields = chosen_fields(m)
    caplog.set_level("CRITICAL", logger="securities_crm.api")  # to_api_error logs each 500; they are listed below
    cases = [*filter_cases(m, fields), *shape_cases(m, fields)]
    calls = []
    for label, params, count in cases:
        calls.append((label, params, lambda params=params: documents.get_list(fuzz_user, spec, params)))
        if count:
            calls.append(
                (
                    f"{label} (count)",
                    params,
                    lambda params=params: documents.get_count(
                        fuzz_user, spec, params.get("filters"), params.get("or_filters")
                    ),
                )
            )
    failures = [
        f"{label}: {status} {msgs}"
        for label, status, msgs, _refused in answers(calls, m)
        if status == 500 or (status == 417 and not any(text.strip() for text in msgs))
    ]
    assert not failures, f"{len(failures)} of {len(cases)} cases:\n" + "\n".join(failures[:100])


def http_cases(m, fields: dict[str, str]):
    """(label, method, url, data, content type) through the real routes: query strings, JSON and form bodies."""
    doctype, names = m.doctype, list(fields.values())
    resource, get_list, get_count = (
        f"/api/resource/{doctype}",
        "/api/method/frappe.client.get_list",
        "/api/method/frappe.client.get_count",
    )
    json_type, form_type = "application/json", "application/x-www-form-urlencoded"
    yield "all fields, all rows", "get", resource, {"fields": '["*"]', "limit_page_length": "0"}, None
    yield "as lists", "get", resource, {"fields": json.dumps(names), "as_dict": "0"}, None
    yield "cmd route", "get", "/", {"cmd": "frappe.client.get_list", "doctype": doctype, "fields": '"*"'}, None
    for name in names:
        yield f"{name} raw NUL", "get", resource, {"filters": json.dumps([[name, "=", "a\x00b"]])}, None
        yield f"{name} escaped NUL", "get", resource, {"filters": '[["%s", "like", "%%\\u0000%%"]]' % name}, None
        yield (
            f"{name} lone surrogate",
            "get",
            get_count,
            {"doctype": doctype, "filters": '[["%s", "=", "\\udfff"]]' % name},
            None,
        )
        yield (
            f"{name} get_value",
            "get",
            "/api/method/frappe.client.get_value",
            {"doctype": doctype, "fieldname": json.dumps([name]), "filters": '{"%s": "\\udfff"}' % name},
            None,
        )
        yield (
            f"{name} get",
            "get",
            "/api/method/frappe.client.get",
            {"doctype": doctype, "filters": '[["%s", "like", "\\u0000"]]' % name},
            None,
        )
        body = '{"doctype": "%s", "filters": [["%s", "between", [NaN, Infinity]]]}' % (doctype, name)
        yield f"{name} NaN body", "post", get_list, body, json_type
        yield f"{name} form body", "post", get_count, f'doctype={doctype}&filters=[["{name}","in","a,,b"]]', form_type
        yield (
            f"{name} 1e400 body",
            "post",
            get_list,
            json.dumps({"doctype": doctype}).replace("}", ', "filters": [["%s", ">=", 1e400]]}' % name),
            json_type,
        )
    deep = "[" * 100_000 + "]" * 100_000
    yield "deep body", "post", get_list, '{"doctype": "%s", "filters": %s}' % (doctype, deep), json_type
    yield "deep list body", "post", get_count, deep, json_type
    yield (
        "deep structure",
        "post",
        get_list,
        json.dumps({"doctype": doctype, "filters": [[[[[]]]]] * 1}).replace("[[[[[]]]]]", "[" * 40 + "]" * 40),
        json_type,
    )
    yield "not JSON", "post", get_list, '{"doctype": ', json_type


@pytest.mark.parametrize("doctype", doctypes())
def test_no_request_to_the_list_routes_is_a_server_error(doctype, fuzz_user, branch, api_as):
    """The same through the HTTP routes, a few requests per DocType: query strings, JSON and form bodies,
    NUL and lone surrogates, NaN and 1e400, nesting deeper than the parser's recursion."""
    spec = registry.get(doctype)
    m = meta(spec.model)
    sample(spec.model, branch, fuzz_user)
    api = api_as(fuzz_user)
    failures = []
    for label, method, url, data, content_type in http_cases(m, chosen_fields(m)):
        if method == "get":
            r = api.get(url, data)
        else:
            r = api.client.post(url, data, content_type=content_type, headers={"Authorization": api.auth})
        try:
            body = json.loads(r.content, parse_constant=_not_json)
        except (ValueError, _NotStrictJson) as exc:
            failures.append(f"{label}: {r.status_code}, not strict JSON ({exc}): {r.content[:200]!r}")
            continue
        if r.status_code == 500 or (r.status_code == 417 and not json.loads(body.get("_server_messages", "[]"))):
            failures.append(f"{label}: {r.status_code} {r.content[:300]!r}")
    assert not failures, "\n".join(failures)
