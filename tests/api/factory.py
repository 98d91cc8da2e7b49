"""A sample record for any DocType, built from its fields alone, so the permission matrix
covers DocTypes added later without a factory of their own.

Required fields get a plain value of their type; links to Branch go to the given branch and
links to users to the given user, so record rules have something to match. The record is saved
without validation: the matrix tests who may do what, not each DocType's own rules.
"""

import datetime as dt
import itertools
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone

from securities_crm.api.meta import STANDARD
from securities_crm.core import registry

_seq = itertools.count(1)


def _value(f, n: int):
    if f.choices:
        return f.choices[0][0]
    if isinstance(f, models.BooleanField):
        return False
    if isinstance(f, models.DecimalField):
        return Decimal("1")
    if isinstance(f, models.FloatField):
        return 1.0
    if isinstance(f, models.IntegerField):
        return 1
    if isinstance(f, models.DateTimeField):
        return timezone.now()
    if isinstance(f, models.DateField):
        return dt.date.today()
    if isinstance(f, models.TimeField):
        return dt.time(9, 30)
    if isinstance(f, models.JSONField):
        return {}
    if isinstance(f, models.EmailField):
        return f"s{n}@example.com"
    if isinstance(f, models.GenericIPAddressField):
        return "127.0.0.1"
    text = f"S{n:05d}"
    return text[: f.max_length] if getattr(f, "max_length", None) else text


def sample(model, branch, user, _depth=0):
    """Save and return one record of `model`."""
    n = next(_seq)
    obj = model()
    for f in model._meta.concrete_fields:
        if f.primary_key or f.name in STANDARD or getattr(f, "source", None):
            continue
        if isinstance(f, models.ForeignKey):
            target = f.related_model
            if target._meta.label == settings.AUTH_USER_MODEL:
                value = user if not f.one_to_one else get_user_model().objects.create_user(f"sample{n}")
            elif target is registry.get("Branch").model:
                value = branch
            elif f.null:
                continue
            else:
                value = sample(target, branch, user, _depth + 1)
            setattr(obj, f.name, value)
        elif not (f.null or f.has_default() or (f.blank and not f.unique)) or f.unique and not f.null:
            setattr(obj, f.attname, _value(f, n))
    spec = registry.for_model(model)
    if spec.naming == "prompt":
        obj.name = f"SAMPLE-{n}"
    obj.save(validate=False)
    return obj
