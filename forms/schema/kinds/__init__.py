"""Field kinds as a registry: one codec per kind, the only place kinds are told apart.

``desc.codec`` (forms.schema.fields.FieldDesc) is the codec of a field's kind;
see base.Codec for what each says. Typed kinds are in ``typed``, the rest in
``nested``. Outside this package nothing compares a kind's name
(tests/test_field_kinds.py walks the source to keep it so).
"""
from forms.schema.kinds.base import KINDS, Codec, EntryError, UnknownKind, codec_for, register
from forms.schema.kinds.typed import (CHOICE, FLAG, NUMBER, REFS, TEXT, cell_number, number_format,
                                      same_figure)
from forms.schema.kinds.nested import GROUP, MAPPING, METRIC, TABLE, WHOLE

__all__ = ["KINDS", "Codec", "EntryError", "UnknownKind", "codec_for", "register", "NUMBER",
           "TEXT", "CHOICE", "FLAG", "REFS", "GROUP", "TABLE", "MAPPING", "WHOLE", "METRIC",
           "cell_number", "number_format", "same_figure"]
