"""Demo data, deterministic from a seed. Each module adds a step with @step; steps run in order.

A step gets a Context (the seed's random generator, the requested size, a progress bar
factory) and must be idempotent: it skips what already exists, so a second run is fast.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from tqdm import tqdm

STEPS: list[tuple[int, str, Callable]] = []


def step(order: int):
    def wrap(fn):
        STEPS.append((order, fn.__name__, fn))
        return fn

    return wrap


@dataclass
class Context:
    seed: int = 42
    clients: int = 2000
    password: str = ""
    quiet: bool = False
    data: dict = field(default_factory=dict)  # what one step leaves for the next

    def password_hash(self) -> str:
        """Hash the shared demo password once: hashing it per user would take a second each."""
        if "password_hash" not in self.data:
            from django.contrib.auth.hashers import make_password

            self.data["password_hash"] = make_password(self.password)
        return self.data["password_hash"]

    def rng(self, name: str) -> random.Random:
        """A generator per step, so adding a step never changes what the others make."""
        return random.Random(f"{self.seed}:{name}")

    def progress(self, total: int, desc: str):
        return tqdm(total=total, desc=desc, unit="rows", disable=self.quiet, leave=False)


def load_steps():
    import importlib
    import pkgutil

    for mod in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{mod.name}")
    return sorted(STEPS, key=lambda s: s[0])


def run(ctx: Context) -> None:
    for _, _, fn in load_steps():
        fn(ctx)
