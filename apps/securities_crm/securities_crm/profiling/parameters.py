"""The profile's thresholds, as data: fixtures/profile_parameters.json, read once per run.

A site may override any of them with `CRM_PROFILE_PARAMETERS` in its settings (merged per section),
so a broker changes its style cut-offs without a release.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "profile_parameters.json"


@dataclass(frozen=True)
class Parameters:
    windows: dict[str, int]
    style: dict[str, float]
    follower: dict[str, Any]
    preferences: dict[str, Any]
    rfm: dict[str, Any]

    def days(self, window: str) -> int:
        return int(self.windows[window])


def load(overrides: dict | None = None) -> Parameters:
    raw = json.loads(FIXTURE.read_text(encoding="utf-8"))
    for extra in (getattr(settings, "CRM_PROFILE_PARAMETERS", None) or {}, overrides or {}):
        for section, values in extra.items():
            raw[section] = {**raw.get(section, {}), **values} if isinstance(values, dict) else values
    raw.pop("_comment", None)
    return Parameters(**raw)
