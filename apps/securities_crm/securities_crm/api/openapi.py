"""/api/openapi.json: an OpenAPI 3 document generated from the DocType registry and the whitelist.

It is built from the same metadata the API runs on (api/meta.py), so every DocType, present
and future, appears with its fields, their types and which are required; and every whitelisted
method with its parameters. drf-spectacular would only see our plain Django views as opaque.
"""

from __future__ import annotations

import inspect
from functools import lru_cache
from urllib.parse import quote

from ..core import registry
from .meta import meta as meta_for
from .response import json_response
from .views import load_methods
from .whitelist import WHITELISTED

DATETIME_PATTERN = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$"
ERROR_REF = {"$ref": "#/components/responses/Error"}


def _field_schema(info) -> dict:
    kind = info.kind
    if info.sensitive:
        schema = {"type": "string", "description": "Sensitive: masked unless your role may see it (reads are audited)."}
    elif kind == "bool":
        schema = {"type": "boolean"}
    elif kind == "int":
        schema = {"type": "integer"}
    elif kind in ("decimal", "float"):
        schema = {"type": "number"}
    elif kind == "datetime":
        schema = {
            "type": "string",
            "pattern": DATETIME_PATTERN,
            "description": "Local time (Asia/Shanghai), YYYY-MM-DD HH:MM:SS[.ffffff]",
        }
    elif kind == "date":
        schema = {"type": "string", "format": "date"}
    elif kind == "time":
        schema = {"type": "string"}
    elif kind == "json":
        schema = {}
    else:
        schema = {"type": "string"}
        if kind == "link":
            schema["description"] = f"Link to {info.link_doctype} (its name)"
        max_length = getattr(info.field, "max_length", None)
        if max_length and not info.sensitive:
            schema["maxLength"] = max_length
    if info.choices and not info.sensitive:
        schema["enum"] = list(info.choices) + ([""] if info.field.blank and kind in ("data", "text") else [])
    if info.field.null and schema:
        schema["nullable"] = True
        if "enum" in schema:
            schema["enum"].append(None)
    schema["title"] = info.label
    return schema


def _doc_schemas(spec) -> tuple[dict, dict]:
    m = meta_for(spec.model)
    props = {name: _field_schema(info) for name, info in m.fields.items()}
    props["doctype"] = {"type": "string", "enum": [spec.name]}
    for fieldname, (child_doctype, _fk) in m.children.items():
        props[fieldname] = {"type": "array", "items": {"$ref": f"#/components/schemas/{_key(child_doctype)}"}}
    read = {"type": "object", "properties": props, "title": spec.name}
    writable = {
        n: dict(s) for n, s in props.items() if n in m.children or (n in m.fields and not m.fields[n].read_only)
    }
    required = [n for n, info in m.fields.items() if info.required]
    write = {"type": "object", "properties": writable, "title": f"{spec.name} (input)"}
    if required:
        write["required"] = required
    return read, write


def _key(doctype: str) -> str:
    return doctype.replace(" ", "")


LIST_PARAMS = [
    ("fields", 'JSON list of field names, or "*"', {"type": "string"}),
    (
        "filters",
        "JSON: [[field, operator, value], ...] or {field: value | [operator, value]}; at most 100 conditions "
        "with or_filters, 1,000 values in an `in`; `like`: % and _ wildcards (at most 8, 140 characters), "
        "\\ escapes",
        {"type": "string"},
    ),
    ("or_filters", "JSON, as filters, combined with OR", {"type": "string"}),
    ("order_by", '"field asc|desc"; default modified desc', {"type": "string"}),
    ("group_by", "a field name", {"type": "string"}),
    ("limit_start", "offset", {"type": "integer", "minimum": 0}),
    ("limit_page_length", "page size; 0 means all; default 20", {"type": "integer", "minimum": 0}),
    ("limit", "alias of limit_page_length", {"type": "integer", "minimum": 0}),
    ("as_dict", "false gives lists", {"type": "boolean"}),
]


def _resource_paths(spec) -> dict:
    key = _key(spec.name)
    ref = {"$ref": f"#/components/schemas/{key}"}
    ref_in = {"$ref": f"#/components/schemas/{key}Input"}
    tag = [spec.module]
    data = lambda schema: {  # noqa: E731
        "content": {
            "application/json": {"schema": {"type": "object", "properties": {"data": schema}, "required": ["data"]}}
        }
    }
    list_params = [
        {"name": n, "in": "query", "required": False, "description": d, "schema": s} for n, d, s in LIST_PARAMS
    ]
    name_param = [{"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}]
    body = lambda schema: {"required": True, "content": {"application/json": {"schema": schema}}}  # noqa: E731
    base = f"/api/resource/{quote(spec.name)}"
    collection = {
        "get": {
            "operationId": f"list{key}",
            "summary": f"List {spec.name}",
            "tags": tag,
            "parameters": list_params,
            "responses": {
                "200": {
                    "description": "rows",
                    **data(
                        {
                            "type": "array",
                            "items": {"anyOf": [{"type": "object"}, {"type": "array", "description": "as_dict=false"}]},
                        }
                    ),
                },
                "default": ERROR_REF,
            },
        },
        "post": {
            "operationId": f"insert{key}",
            "summary": f"Insert a {spec.name}",
            "tags": tag,
            "requestBody": body(ref_in),
            "responses": {"200": {"description": "the new document", **data(ref)}, "default": ERROR_REF},
        },
    }
    item = {
        "get": {
            "operationId": f"get{key}",
            "summary": f"Read a {spec.name}",
            "tags": tag,
            "parameters": name_param,
            "responses": {"200": {"description": "the document", **data(ref)}, "default": ERROR_REF},
        },
    }
    if not spec.immutable:
        update_in = {k: v for k, v in _doc_schemas(spec)[1].items() if k != "required"}
        item["put"] = {
            "operationId": f"update{key}",
            "summary": f"Update a {spec.name}",
            "tags": tag,
            "parameters": name_param,
            "requestBody": body(update_in),
            "responses": {"200": {"description": "the document", **data(ref)}, "default": ERROR_REF},
        }
        item["delete"] = {
            "operationId": f"delete{key}",
            "summary": f"Delete a {spec.name}",
            "tags": tag,
            "parameters": name_param,
            "responses": {
                "202": {"description": "deleted", **data({"type": "string", "enum": ["ok"]})},
                "default": ERROR_REF,
            },
        }
    return {base: collection, base + "/{name}": item}


def _param_schema(name: str, param, doctypes: list[str]) -> dict:
    if name == "doctype":
        return {"type": "string", "enum": doctypes}
    annotation = param.annotation if param.annotation is not inspect.Parameter.empty else None
    if annotation in (int, "int"):
        return {"type": "integer"}
    if annotation in (bool, "bool"):
        return {"type": "boolean"}
    return {"type": "string"}


def _method_paths(doctypes: list[str]) -> dict:
    load_methods()
    paths = {}
    for path, entry in sorted(WHITELISTED.items()):
        params = [
            p
            for p in list(inspect.signature(entry.fn).parameters.values())[1:]
            if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
        ]
        doc = inspect.getdoc(entry.fn) or ""
        # a method that answers with a file says so in `openapi_content`
        content = getattr(entry.fn, "openapi_content", None) or {"application/json": {"schema": {"type": "object"}}}
        operations = {}
        for verb in ("get", "post"):
            if entry.methods and verb.upper() not in entry.methods:
                continue
            op = {
                "operationId": f"{verb}_{path}",
                "summary": doc.splitlines()[0] if doc else path,
                "description": doc,
                "tags": ["Methods"],
                "responses": {
                    "200": {"description": "the result, under message (or a file)", "content": content},
                    "default": ERROR_REF,
                },
            }
            if entry.allow_guest:
                op["security"] = [{}, {"token": []}, {"basic": []}, {"session": []}]
            if verb == "get":
                op["parameters"] = [
                    {
                        "name": p.name,
                        "in": "query",
                        "required": p.default is p.empty,
                        "schema": _param_schema(p.name, p, doctypes),
                    }
                    for p in params
                ]
            elif params:
                props = {p.name: _param_schema(p.name, p, doctypes) for p in params}
                schema = {"type": "object", "properties": props}
                required = [p.name for p in params if p.default is p.empty]
                if required:
                    schema["required"] = required
                op["requestBody"] = {"required": bool(required), "content": {"application/json": {"schema": schema}}}
            operations[verb] = op
        paths[f"/api/method/{path}"] = operations
    return paths


@lru_cache(maxsize=1)
def document() -> dict:
    specs = registry.all_doctypes()
    doctypes = [s.name for s in specs]
    schemas = {
        "Error": {
            "type": "object",
            "required": ["exc_type", "_server_messages"],
            "properties": {
                "exc_type": {"type": "string", "example": "ValidationError"},
                "exception": {"type": "string"},
                "exc": {"type": "string", "description": "a JSON list with the exception line (never a traceback)"},
                "_server_messages": {
                    "type": "string",
                    "description": 'a JSON string: a list of JSON strings, each {"message": ...}',
                },
            },
        },
    }
    paths = {}
    for spec in specs:
        read, write = _doc_schemas(spec)
        schemas[_key(spec.name)] = read
        schemas[_key(spec.name) + "Input"] = write
        paths.update(_resource_paths(spec))
    paths.update(_method_paths(doctypes))
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Securities CRM API",
            "version": "1",
            "description": (
                "Frappe's REST protocol (v1) for every DocType: /api/resource/<DocType> and /api/method/<path>, "
                "also under /api/v1/. Errors answer 401, 403, 404, 405, 409, 417 or 429 with the Error body. "
                "Money is sent as exact JSON numbers; datetimes as local 'YYYY-MM-DD HH:MM:SS[.ffffff]'."
            ),
        },
        "servers": [{"url": "/"}],
        "security": [{"token": []}, {"basic": []}, {"session": []}],
        "tags": [{"name": m} for m in registry.MODULES] + [{"name": "Methods"}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "responses": {
                "Error": {
                    "description": "an error, in Frappe's shape",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                }
            },
            "securitySchemes": {
                "token": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "Authorization",
                    "description": "token <api_key>:<api_secret>",
                },
                "basic": {"type": "http", "scheme": "basic", "description": "api_key:api_secret"},
                "session": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": "sessionid",
                    "description": "from /api/method/login",
                },
            },
        },
    }


def view(request):
    return json_response(document())
