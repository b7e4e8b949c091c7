"""The table operations a page offers (add, remove, duplicate, move rows), as one
``replace_rows`` each: one undo step, with explanations and chosen actions keyed by a
row following it (desktop.document.Document.replace_rows)."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import BaseModel


class RowOperations:
    """Mixed into Document, which provides ``rows`` and ``replace_rows``."""

    def insert_rows(self, table: str, at: int, rows: list[BaseModel], text: str = "Add row") -> None:
        cur = list(self.rows(table))
        at = max(0, min(at, len(cur)))
        n = len(cur)
        self.replace_rows(table, cur[:at] + rows + cur[at:], text, f"{table}[{at}]",
                          list(range(at)) + [None] * len(rows) + list(range(at, n)))

    def remove_rows(self, table: str, indices: list[int]) -> None:
        drop = set(indices)
        cur = self.rows(table)
        n = len(drop)
        keep = [i for i in range(len(cur)) if i not in drop]
        self.replace_rows(table, [cur[i] for i in keep],
                          f"Remove {n} row{'s' if n != 1 else ''}",
                          f"{table}[{max(0, min(drop) - 1) if drop else 0}]", keep)

    def duplicate_rows(self, table: str, indices: list[int]) -> None:
        cur = list(self.rows(table))
        last = max(indices)
        copies = [cur[i].model_copy(deep=True) for i in sorted(indices)]
        self.replace_rows(table, cur[:last + 1] + copies + cur[last + 1:], "Duplicate row",
                          f"{table}[{last + 1}]", list(range(last + 1)) + [None] * len(copies)
                          + list(range(last + 1, len(cur))))

    def move_rows(self, table: str, indices: list[int], delta: int) -> list[int]:
        """Move a block of rows up (delta -1) or down (+1); returns their new indices."""
        cur = list(self.rows(table))
        idx = sorted(set(indices))
        if not idx or idx[0] + delta < 0 or idx[-1] + delta >= len(cur):
            return idx
        rest = [i for i in range(len(cur)) if i not in set(idx)]
        at = idx[0] + delta
        order = rest[:at] + idx + rest[at:]
        self.replace_rows(table, [cur[i] for i in order],
                          "Move row" + ("s" if len(idx) > 1 else ""), f"{table}[{at}]", order)
        return list(range(at, at + len(idx)))

