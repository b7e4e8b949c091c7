"""Every edit is an undoable command on the open return, addressed by field path.

Commands hold paths, not widgets or row objects' positions in a view, so undo
works whichever page is showing; each one tells the document what changed
and, when undone or redone, which place to show the officer.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from forms.schema import paths as P

if TYPE_CHECKING:
    from desktop.document import Document


def _parent_and_name(root, path: str):
    """The object holding the last step of ``path`` and that step's attribute name."""
    head, _, name = path.rpartition(".")
    return (P.get(root, head) if head else root), name


def assign(root, path: str, value: Any) -> Any:
    """Set the value at ``path`` (pydantic validates it); returns the value as stored."""
    obj, name = _parent_and_name(root, path)
    if obj is None:
        raise ValueError(f"'{path}' names a row that does not exist")
    setattr(obj, name, value)
    return getattr(obj, name)


class DocCommand(QUndoCommand):
    """Base: skips the first redo when the change was already applied (validated) on push."""

    def __init__(self, doc: "Document", text: str, reveal: str):
        super().__init__(text)
        self.doc = doc
        self.reveal_path = reveal
        self._applied = True

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        self.apply(forward=True)
        self.doc.reveal.emit(self.reveal_path)

    def undo(self) -> None:
        self.apply(forward=False)
        self.doc.reveal.emit(self.reveal_path)

    def apply(self, forward: bool) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


class SetValue(DocCommand):
    def __init__(self, doc: "Document", path: str, old: Any, new: Any, text: str):
        super().__init__(doc, text, path)
        self.path, self.old, self.new = path, old, new

    def apply(self, forward: bool) -> None:
        assign(self.doc.ret, self.path, self.new if forward else self.old)
        self.doc.changed.emit(self.path)


class SetMapping(DocCommand):
    """An explanation or a chosen action, keyed by finding key; '' removes it."""

    def __init__(self, doc: "Document", field: str, key: str, old: str, new: str, text: str,
                 reveal: str):
        super().__init__(doc, text, reveal)
        self.field, self.key, self.old, self.new = field, key, old, new

    @staticmethod
    def put(doc: "Document", field: str, key: str, value: str) -> None:
        mapping = dict(getattr(doc.ret, field))
        if value:
            mapping[key] = value
        else:
            mapping.pop(key, None)
        setattr(doc.ret, field, mapping)
        doc.changed.emit(field)

    def apply(self, forward: bool) -> None:
        self.put(self.doc, self.field, self.key, self.new if forward else self.old)


def inverse_order(order: list[int | None], n_old: int) -> list[int | None]:
    """The order map back: for each old row, the new row it became (None: removed)."""
    back: list[int | None] = [None] * n_old
    for now, was in enumerate(order):
        if was is not None:
            back[was] = now
    return back


class ReplaceRows(DocCommand):
    """Any change to a table's rows: insert, remove, duplicate, move, paste.

    ``order`` maps each new row to the old row it was (None: new), so views move rows
    rather than start again. ``keyed`` holds the explanations and chosen actions
    before and after, when rows moved: their keys name rows ("RULE@savings#3") and
    must follow them.
    """

    def __init__(self, doc: "Document", table: str, old: list, new: list, text: str,
                 reveal: str, keyed: tuple[dict, dict] | None, order: list[int | None]):
        super().__init__(doc, text, reveal)
        self.table, self.old, self.new, self.keyed = table, old, new, keyed
        self.order = order

    def apply(self, forward: bool) -> None:
        assign(self.doc.ret, self.table, list(self.new if forward else self.old))
        if self.keyed is not None:
            for field, value in self.keyed[1 if forward else 0].items():
                setattr(self.doc.ret, field, dict(value))
        order = self.order if forward else inverse_order(self.order, len(self.old))
        self.doc.rows_changed.emit(self.table, order)
        self.doc.changed.emit(self.table)
