"""Formula-injection guard shared by export and report writers, and its inverse for the
importer: a text cell starting with `=`, `+`, `-`, `@` (or tab/CR) gets a `'` prefix so a
spreadsheet shows it as text; reading our own files back strips that prefix again."""

from __future__ import annotations

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """A text value a spreadsheet will never evaluate."""
    return "'" + value if value.startswith(_DANGEROUS) else value


def unneutralise(value: str) -> str:
    """Undo `neutralise` (exported files import back unchanged)."""
    if len(value) > 1 and value[0] == "'" and value[1] in "=+-@\t\r":
        return value[1:]
    return value
