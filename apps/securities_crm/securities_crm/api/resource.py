"""/api/resource/<DocType>[/<name>]: list, insert, read, update and delete, for every DocType.

One pair of views serves them all: the DocType comes from the URL and everything else from
its metadata (api/meta.py) and the permission policy (api/documents.py).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import documents
from .endpoint import document_data, endpoint, params
from .errors import AuthenticationError, MethodNotAllowed
from .response import json_response


def _user(request):
    if not request.user.is_authenticated:
        raise AuthenticationError()
    return request.user


@endpoint
def collection(request, doctype):
    user = _user(request)
    spec = documents.spec_for(doctype)
    if request.method == "GET":
        return json_response({"data": documents.get_list(user, spec, params(request))})
    if request.method == "POST":
        return json_response({"data": documents.insert(user, spec, document_data(request))})
    raise MethodNotAllowed(_("%(method)s is not allowed here.") % {"method": request.method})


@endpoint
def item(request, doctype, name):
    user = _user(request)
    spec = documents.spec_for(doctype)
    if request.method == "GET":
        return json_response({"data": documents.get_doc(user, spec, name)})
    if request.method == "PUT":
        return json_response({"data": documents.update(user, spec, name, document_data(request))})
    if request.method == "DELETE":
        documents.delete(user, spec, name)
        return json_response({"data": "ok"}, status=202)
    raise MethodNotAllowed(_("%(method)s is not allowed here.") % {"method": request.method})
