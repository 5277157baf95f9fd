"""Small immutable records built on ``collections.namedtuple`` from an annotated class body.

Equivalent to ``typing.NamedTuple`` for this package's needs (fields, defaults, methods, docstrings),
without importing :mod:`typing` at run time, which keeps the command line's start-up within budget.
"""

from __future__ import annotations

from collections import namedtuple


def record(cls: type) -> type:
    """Turn an annotated class into an immutable, comparable, hashable tuple record."""
    fields = tuple(cls.__dict__.get("__annotations__", {}))  # noqa: RUF063 - inspect is slow to import
    defaults = []
    for name in fields:
        if name in cls.__dict__:
            defaults.append(cls.__dict__[name])
        elif defaults:
            raise TypeError(f"{cls.__name__}.{name}: a field without a default follows one with a default")
    base = namedtuple(cls.__name__, fields, defaults=defaults or None, module=cls.__module__)  # type: ignore[misc]
    body = {k: v for k, v in cls.__dict__.items() if k not in fields and k not in ("__dict__", "__weakref__")}
    body["__slots__"] = ()
    new = type(cls.__name__, (base,), body)
    new.__qualname__ = cls.__qualname__
    return new
