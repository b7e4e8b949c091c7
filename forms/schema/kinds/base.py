"""What every kind of field says about itself, and the registry of kinds.

A field description (forms.schema.fields.FieldDesc) names its kind; the
codec registered under that name is the one place that says how such a field
is typed for pydantic, parsed from what an officer types, shown, written to a
workbook cell and read back. Consumers ask the codec (``desc.codec``) instead
of comparing kind names, so a new kind is one class here, and a misspelt kind
is refused when its description is built instead of passing for text.

Plain Python: the desktop draws its first window from field descriptions
before pydantic is imported, and pydantic's own objects are made from the
plain data these codecs return (forms.schema.model).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Iterable

if TYPE_CHECKING:
    from forms.schema.fields import FieldDesc

# Cell text longer than this, or any multi-line text, wraps in the workbook.
WRAP_AT = 60


class UnknownKind(KeyError):
    """A field description names a kind no codec is registered for."""

    def __str__(self) -> str:
        return (f"no field kind {self.args[0]!r}: the kinds are "
                f"{', '.join(sorted(KINDS))} (forms.schema.kinds)")


class EntryError(ValueError):
    """The text cannot be this field's value; str() says what to type instead."""


class Codec:
    """A kind of field. Subclasses override what differs from plain text."""

    name = ""
    word = ""               # the kind as the codebook names it
    typed = True            # the officer types its value into a box or a table cell
    holds_fields = False    # a group: a box of the fields of ``desc.form``
    holds_rows = False      # a table: rows, each of the fields of ``desc.form``
    numeric = False         # a figure: right-aligned, never broken over lines
    words = False           # the officer's own words, of any length (a column that may stretch)

    def __repr__(self) -> str:
        return f"<field kind {self.name}>"

    # --- the model (pydantic) --------------------------------------------------
    def annotation(self, d: FieldDesc, model_for: Callable) -> Any:
        """The type pydantic checks a value against (``model_for`` makes a form's model)."""
        raise NotImplementedError(f"{self!r} has no pydantic type")

    def field_args(self, d: FieldDesc, model_for: Callable) -> dict[str, Any]:
        """Arguments for pydantic's Field besides title and description."""
        return {"default": d.default}

    def validator(self, d: FieldDesc) -> Callable | None:
        """A further check every value of this kind gets (None: none)."""
        return None

    # --- typed entry (form boxes, table cells, pasted blocks) -------------------
    def parse(self, d: FieldDesc, text: str) -> Any:
        """The value of what was typed, or EntryError saying what to type instead."""
        return text.strip()

    def entry_text(self, d: FieldDesc, value: Any) -> str:
        """A value (never None) as text that parses back to the same value."""
        return str(value)

    def options(self, d: FieldDesc) -> tuple[str, ...]:
        """The words a drop-down offers; () for a free box."""
        return ()

    # --- shown ----------------------------------------------------------------
    def preview(self, d: FieldDesc, raw: Any) -> Any:
        """A draft's raw JSON value (never None) as the model will hold it."""
        return raw

    def shown(self, d: FieldDesc, value: Any, unit: bool = True) -> str:
        """A value (never None or "") as the officer reads it on paper."""
        return str(value)

    def bounds(self, d: FieldDesc) -> str:
        """What values are allowed, in words (the codebook)."""
        return ""

    def message_places(self, d: FieldDesc) -> int | None:
        """Decimal places of this figure in a finding's message; None: not a figure."""
        return None

    # --- the workbook -----------------------------------------------------------
    def cell(self, d: FieldDesc, value: Any, clean: Callable[[str, str], str],
             where: str) -> tuple[Any, str]:
        """The cell value and style key for a value from the signed payload.

        ``clean(text, where)`` makes text fit a cell (the workbook's rules, not the
        kind's); ``where`` names the cell in its message."""
        text = clean("" if value is None else str(value), where)
        return text, ("wrap" if d.multiline or len(text) > WRAP_AT else "text")

    def width(self, d: FieldDesc, head: str, texts: Iterable[str]) -> float:
        """A table column's width: the header, and short values (``texts``) in full."""
        if d.multiline or (d.max_length or 0) > 200:
            return 60
        longest = max(map(len, texts), default=0)
        return max(12, min(30, max(len(head), longest) + 2))

    def from_cell(self, d: FieldDesc, found: Any) -> Any:
        """The value a cell this codec wrote reads back as (inverse of ``cell``)."""
        return None if found is None else str(found)


KINDS: dict[str, Codec] = {}


def register(codec: Codec) -> Codec:
    if not codec.name or codec.name in KINDS:
        raise ValueError(f"field kind {codec.name!r} is unnamed or registered twice")
    KINDS[codec.name] = codec
    return codec


def codec_for(kind: str) -> Codec:
    """The codec of a kind; UnknownKind (at import, when a description is built) if none."""
    try:
        return KINDS[kind]
    except KeyError:
        raise UnknownKind(kind) from None
