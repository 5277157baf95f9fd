"""Small immutable records built on ``collections.namedtuple`` from an annotated class body.

Equivalent to ``typing.NamedTuple`` for this package's needs (fields, defaults, methods, docstrings),
without importing :mod:`typing` at run time, which keeps the command line's start-up within budget.
For the type checker, :func:`record` is declared a ``dataclass_transform`` (frozen): it then sees each
record's fields and constructor. That declaration exists only while type checking (``TYPE_CHECKING``
is ``False`` at run time), so it costs nothing.
"""

from __future__ import annotations

from collections import namedtuple

TYPE_CHECKING = False

__all__ = ["record"]


def _record(cls: type) -> type:
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


if TYPE_CHECKING:
    from typing import TypeVar, dataclass_transform

    _T = TypeVar("_T")

    @dataclass_transform(frozen_default=True)
    def record(cls: type[_T]) -> type[_T]:
        """Declared for the checker only: a frozen record with the class's annotated fields."""
        ...

else:
    record = _record
