"""The kinds that hold other fields or the draft's bookkeeping: group, table,
mapping, int (the schema version) and metric (a derived figure, never typed)."""
from __future__ import annotations

from forms.schema.kinds.base import Codec, register
from forms.schema.kinds.typed import no_items


def no_entries() -> dict:
    return {}


class Group(Codec):
    """A box of fields (``desc.form``): a page, or a part of one."""
    name, typed, holds_fields = "group", False, True

    def annotation(self, d, model_for):
        return model_for(d.form)

    def field_args(self, d, model_for):
        return {"default_factory": model_for(d.form)}


class Table(Codec):
    """Rows, each of the fields of ``desc.form``; at most ``max_length`` of them."""
    name, typed, holds_rows = "table", False, True

    def annotation(self, d, model_for):
        return list[model_for(d.form)]

    def field_args(self, d, model_for):
        return {"default_factory": no_items, "max_length": d.max_length}

    def bounds(self, d):
        return f"up to {d.max_length:,} items" if d.max_length else ""


class Mapping(Codec):
    """Key -> text (a finding's key -> the officer's explanation); each text at most
    ``max_length`` characters."""
    name, word, typed = "mapping", "key → text", False
    MAX_KEY = 300

    def annotation(self, d, model_for):
        return dict[str, str]

    def field_args(self, d, model_for):
        return {"default_factory": no_entries}

    def validator(self, d):
        limit, max_key = d.max_length, self.MAX_KEY

        def limit_text(value: dict[str, str]) -> dict[str, str]:
            for k, t in value.items():
                if len(k) > max_key or (limit is not None and len(t) > limit):
                    raise ValueError(f"explanation for {k[:40]!r} is longer than {limit} "
                                     "characters")
            return {k: t.strip() for k, t in value.items()}
        return limit_text


class Whole(Codec):
    """A whole number the program writes (the draft's schema version)."""
    name, word, typed = "int", "whole number", False

    def annotation(self, d, model_for):
        return int


class Metric(Codec):
    """A figure derived from the return (forms.schema.metrics), named by a path, never typed."""
    name, typed, numeric = "metric", False, True

    def message_places(self, d):
        return d.places


GROUP = register(Group())
TABLE = register(Table())
MAPPING = register(Mapping())
WHOLE = register(Whole())
METRIC = register(Metric())
