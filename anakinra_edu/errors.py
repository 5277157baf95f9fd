"""The package's exceptions: one base class, so a caller can catch every anticipated failure at once.

Each class keeps the module it was first defined in as a second home (``InputError`` in :mod:`.inputs`,
``DataError`` in :mod:`.knowledge`, ``CaseError`` in :mod:`.cases`). All derive from :class:`ValueError`,
as they did before the base class existed.

Examples
--------
>>> err = DataError("warnings.csv", 12, "source_ids", "unknown source id 'NO-SUCH' (not in sources.csv)")
>>> str(err)
"warnings.csv, row 12, column source_ids: unknown source id 'NO-SUCH' (not in sources.csv)"
>>> isinstance(err, AnakinraEduError)
True
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # annotations only: importing typing costs start-up time
    from typing import Any

__all__ = ["AnakinraEduError", "CaseError", "DataError", "InputError", "NotCoveredError"]


class AnakinraEduError(ValueError):
    """Base class: bad user input, a malformed data table or a malformed case bank."""


class InputError(AnakinraEduError):
    """A user input is missing, of the wrong type, out of range or unknown.

    Attributes
    ----------
    field : str
        Name of the input, as in the API and the CLI (``weight_kg``, ``indication``).
    value : object
        The offending value, as given.
    allowed : str
        The allowed range or choices, in words.
    """

    def __init__(self, field: str, value: Any, allowed: str, reason: str = "") -> None:
        self.field, self.value, self.allowed = field, value, allowed
        shown = "(missing)" if value is None else repr(value) if isinstance(value, str) else str(value)
        why = self.reason = reason or "is not allowed"
        super().__init__(f"{field}: {shown} {why}; allowed: {allowed}")


class NotCoveredError(InputError):
    """A valid patient whom no dosing rule's sources cover (age or weight outside every band): no dose."""


class DataError(AnakinraEduError):
    """A data table is malformed. Names the file, the row (line number in the file) and the column."""

    def __init__(self, file: str, row: int | None, column: str | None, message: str) -> None:
        self.file, self.row, self.column, self.message = file, row, column, message
        where = file
        if row is not None:
            where += f", row {row}"
        if column is not None:
            where += f", column {column}"
        super().__init__(f"{where}: {message}")


class CaseError(AnakinraEduError):
    """The case bank is malformed: names the file, the case and the field at fault."""

    def __init__(self, file: str, case: str | None, field: str, message: str) -> None:
        self.file, self.case, self.field = file, case, field
        where = file + (f", case {case!r}" if case else "")
        super().__init__(f"{where}, field {field}: {message}")
