"""A page of the return, built from the field descriptions in forms/, not laid out by hand.

Each field of the section's model becomes a row: label (with a mnemonic, buddy
of the input), input, unit, and a marker for errors and queries. Groups become
boxes; lists become tables. Help text is the tooltip and status tip; every
input has an accessible name. Tab order follows the page, top to bottom.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFrame, QGridLayout, QGroupBox, QLabel,
                               QLineEdit, QPlainTextEdit, QScrollArea, QSizePolicy, QVBoxLayout,
                               QWidget)

from forms.schema import paths as P
from forms.schema.errors import UserError
from forms.schema.fields import FieldDesc, Form, fields_of
from forms.schema.kinds import CHOICE, FLAG, NUMBER
from forms.schema.numbers import rules_for
from forms.schema.wording import choice_label

from desktop.widgets.multiline_frame import multiline_frame
from desktop.document import Document
from desktop.widgets.field_help import FieldHelp
from desktop.widgets.field_state import Marker, show_state
from desktop.widgets.number_input import LineEdit, NumberEdit
from desktop.widgets.organisation_box import OrganisationBox
from desktop.pages.base import Page
from desktop.words import for_the_window

if TYPE_CHECKING:
    from desktop.tables import TablePanel

# Letters the menu bar uses (File, Edit, Go, Help): labels avoid them so Alt+letter is never ambiguous.
MENU_LETTERS = set("fegh")


class Mnemonics:
    """Gives each label on a page its own Alt+letter, preferring the start of a word."""

    def __init__(self) -> None:
        self.used = set(MENU_LETTERS)

    def __call__(self, text: str) -> str:
        text = text.replace("&", "&&")
        starts = [i for i, ch in enumerate(text) if ch.isalpha() and (i == 0 or text[i - 1] == " ")]
        others = [i for i, ch in enumerate(text) if ch.isascii() and ch.isalpha()]
        for i in starts + others:
            ch = text[i].lower()
            if ch.isascii() and ch not in self.used and text[i - 1:i] != "&":
                self.used.add(ch)
                return text[:i] + "&" + text[i:]
        return text


class PlainText(QPlainTextEdit):
    """Multi-line text: Tab moves on (as in every other box), Ctrl+Enter too."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.commit = lambda: None
        self.setStyleSheet(multiline_frame(self))   # its focus seen at a glance

    def focusOutEvent(self, event):
        super().focusOutEvent(event)
        self.commit()


class Field:
    """One input bound to one path of the return."""

    def __init__(self, page: "FormPage", path: str, model: Form, d: FieldDesc):
        self.page, self.path, self.desc = page, path, d
        doc = page.doc
        if d.codec is NUMBER:
            w: QWidget = NumberEdit(rules_for(model, d.name), self._write, page.notify)
            w.on_problem = lambda msg: self.refresh_state()
        elif d.codec is CHOICE:
            w = QComboBox()
            for c in d.choices:           # shown by label, stored as the code
                w.addItem(choice_label(c), c)
            w.activated.connect(lambda _i: self.commit())
        elif d.check == "pack_id":        # a choice among the packs this program has
            from forms.schema.organisations import shipped_pack_ids
            w = QComboBox()
            for pack in shipped_pack_ids():
                w.addItem(pack, pack)
            w.activated.connect(lambda _i: self.commit())
        elif d.codec is FLAG:
            w = QCheckBox()
            w.toggled.connect(lambda _b: self.commit())
        elif d.multiline:
            w = PlainText()
            w.commit = self.commit
            w.setMinimumHeight(w.fontMetrics().height() * 5)
            w.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        else:
            if d.check == "organisation":     # the New dialog's box, the same one
                from PySide6.QtCore import QTimer
                w = OrganisationBox()
                # The completer writes its label into the box after the commit
                # stored the code: show what was stored once it is done.
                w.completer().activated.connect(lambda _t: QTimer.singleShot(0, w, self.show))
            else:
                w = LineEdit()
            if d.max_length:
                w.setMaxLength(d.max_length)
            w.editingFinished.connect(self.commit)
        self.widget = w
        self.last_year: QLabel | None = None     # last year's figure beside a number
        self.problem = ""      # text refused by the model (email pattern, year format...)
        self._reported = ""    # the refused text the document was last told of
        self.state: tuple[str, list[str]] = ("", [])
        self.marker = Marker()
        try:
            name = P.qualified_label(path)
        except P.PathError:
            name = d.label
        w.setAccessibleName(f"{name}, in {d.unit}" if d.unit else name)
        w.setToolTip(d.help)
        w.setStatusTip(d.help)
        w.setWhatsThis(d.help)
        self.doc = doc
        self.show()

    # model -> widget
    def show(self) -> None:
        v = self.doc.value(self.path)
        w = self.widget
        if isinstance(w, NumberEdit):
            w.show_value(v)
            return
        self.problem = ""
        if isinstance(w, QComboBox):
            if v and w.findData(str(v)) < 0:     # e.g. a pack of a newer version: say so
                w.addItem(f"{v} (not in this version of the program)", str(v))
            w.setCurrentIndex(max(0, w.findData(str(v))))
        elif isinstance(w, QCheckBox):
            w.blockSignals(True)
            w.setChecked(bool(v))
            w.blockSignals(False)
        elif isinstance(w, QPlainTextEdit):
            if w.toPlainText() != (v or ""):
                w.setPlainText(v or "")
        elif isinstance(w, OrganisationBox):
            w.show_organisation(v or "")
        elif isinstance(w, QLineEdit):
            if w.text().strip() != (v or ""):
                w.setText(v or "")
        self.refresh_state()

    # widget -> model
    def text_value(self):
        w = self.widget
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText().strip()
        return w.text().strip()

    def commit(self) -> bool:
        w = self.widget
        if isinstance(w, NumberEdit):
            return w.commit()
        try:
            self._write(self.text_value())
            if isinstance(w, LineEdit):
                w.clean_text = w.text()
        except UserError as e:
            self.problem = for_the_window(str(e))
            self.page.notify(self.problem)
            self.refresh_state()
            return False
        if self.problem:
            self.problem = ""
            self.refresh_state()
        return True

    def text_shown(self) -> str:
        w = self.widget
        return w.toPlainText() if isinstance(w, QPlainTextEdit) else (
            w.text() if isinstance(w, QLineEdit) else str(self.text_value()))

    def _write(self, value) -> None:
        self.doc.set_value(self.path, value)

    @property
    def refused(self) -> str:
        w = self.widget
        return w.problem if isinstance(w, NumberEdit) else self.problem

    def set_state(self, state: str, messages: list[str]) -> None:
        self.state = (state, messages)
        self.refresh_state()

    def refresh_state(self) -> None:
        refused = self.refused
        if refused != self._reported:    # the window counts refused text as an error
            self._reported = refused
            self.doc.refusals_changed()
        if refused:
            show_state(self.widget, self.marker, "invalid", [self.refused], self.desc.help)
        else:
            show_state(self.widget, self.marker, *self.state, self.desc.help)


class FormPage(QWidget, Page):
    """One page: the fields of ``model`` (a Form) at ``prefix`` (groups as boxes, lists as tables)."""

    def __init__(self, doc: Document, key: str, title: str, prefix: str,
                 model: Form, notify: Callable[[str], None],
                 names: list[str] | None = None,
                 totals: dict[str, Callable[[Document], str]] | None = None, parent=None):
        super().__init__(parent)
        self.doc, self.key, self.title, self.notify = doc, key, title, notify
        self.fields: dict[str, Field] = {}
        self.tables: dict[str, TablePanel] = {}
        self.mnemonic = Mnemonics()
        self.labels: list[QLabel] = []
        self._nested: set = set()
        self._indent = 0
        self._totals = totals or {}
        body = QWidget()
        self.help = FieldHelp(body)     # the focused field's help, beside it
        lay = QVBoxLayout(body)
        heading = QLabel(title)
        heading.setAccessibleName(title)
        f = heading.font()
        f.setPointSizeF(f.pointSizeF() * 1.35)
        f.setBold(True)
        heading.setFont(f)
        lay.addWidget(heading)
        self._build(lay, prefix, model, names)
        # One label width for the whole page, so boxes in groups line up with the rest.
        width = max((lb.sizeHint().width() for lb in self.labels), default=0)
        for i, lb in enumerate(self.labels):
            lb.setMinimumWidth(width - (self._indent if lb in self._nested else 0))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        if self.tables:       # tables scroll themselves; the page must not scroll around them
            outer.addWidget(body)
        else:
            lay.addStretch(1)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)   # an invisible tab stop otherwise
            scroll.setWidget(body)
            outer.addWidget(scroll)
            self.scroll = scroll
        doc.changed.connect(self._on_changed)
        self._last_shown = None
        doc.checked.connect(self._show_last_year)
        self._show_last_year()
        doc.add_refusal_source(self.refusals)

    def refusals(self) -> dict[str, tuple[str, str]]:
        return {f.path: (f.text_shown(), f.refused) for f in self.fields.values() if f.refused}

    def _build(self, lay: QVBoxLayout, prefix: str, model: Form,
               names: list[str] | None) -> None:
        grid: QGridLayout | None = None
        for d in fields_of(model):
            if names is not None and d.name not in names:
                continue
            path = f"{prefix}.{d.name}" if prefix else d.name
            if d.codec.holds_fields:
                box = QGroupBox(d.label)
                inner = QVBoxLayout(box)
                before = len(self.labels)
                self._build(inner, path, d.form, None)
                self._nested.update(self.labels[before:])
                m = inner.contentsMargins()
                self._indent = m.left() + box.contentsMargins().left() - 2
                # The frame hugs its rows (labels, inputs, units line up with the page's
                # own); a full-width grey panel would be mostly empty.
                lay.addWidget(box, 0, Qt.AlignmentFlag.AlignLeft)
                grid = None
            elif d.codec.holds_rows:
                from forms.schema.model import model_for     # rows are made as models
                from desktop.tables import TablePanel   # only pages with tables need it
                item = model_for(d.form)
                panel = TablePanel(self.doc, path, item, d.label, self.notify, self.mnemonic,
                                   self._totals.get(path))
                self.tables[path] = panel
                lay.addWidget(panel, 1)
                grid = None
            else:
                if grid is None:
                    grid = QGridLayout()
                    grid.setColumnStretch(4, 1)   # inputs keep their width; space goes right
                    grid.setHorizontalSpacing(8)
                    lay.addLayout(grid)
                self._add_row(grid, path, model, d)

    def _add_row(self, grid: QGridLayout, path: str, model, d: FieldDesc) -> None:
        field = Field(self, path, model, d)
        self.fields[path] = field
        r = grid.rowCount()
        label = QLabel(self.mnemonic(d.label))
        self.labels.append(label)
        label.setBuddy(field.widget)
        label.setToolTip(d.help)
        label.setWordWrap(False)
        align = Qt.AlignmentFlag.AlignRight | (Qt.AlignmentFlag.AlignTop if d.multiline
                                               else Qt.AlignmentFlag.AlignVCenter)
        label.setAlignment(align)
        grid.addWidget(label, r, 0, align)
        w = field.widget
        if isinstance(w, (NumberEdit, QComboBox, QCheckBox)):
            grid.addWidget(w, r, 1, Qt.AlignmentFlag.AlignLeft)
        else:
            # One width for every one-line box on every page, so their right edges line up.
            chars = 70 if d.multiline else 44
            w.setMinimumWidth(w.fontMetrics().horizontalAdvance("n") * chars)
            grid.addWidget(w, r, 1)
        unit = QLabel(d.unit)
        unit.setMinimumWidth(unit.fontMetrics().horizontalAdvance("people") + 4)
        grid.addWidget(unit, r, 2)
        grid.addWidget(field.marker, r, 3)
        self.help.watch(w, d.help, field.marker)
        if d.codec is NUMBER:      # last year's figure, once last year's return is imported
            field.last_year = QLabel()
            field.last_year.setEnabled(False)          # greyed: a reference, not an input
            field.last_year.setVisible(False)
            grid.addWidget(field.last_year, r, 4)

    def _show_last_year(self) -> None:
        """Each number beside last year's, when last year's return is imported."""
        from forms.schema.metrics import entered_places, format_value
        prev = self.doc.previous
        if prev is self._last_shown:
            return
        self._last_shown = prev
        year = (prev.envelope.financial_year or "Last year") if prev is not None else ""
        for f in self.fields.values():
            if f.last_year is None:
                continue
            f.last_year.setVisible(prev is not None)
            if prev is None:
                continue
            v, d = P.get(prev, f.path), f.desc
            places = 0 if d.integer else entered_places(v, d.unit, 0 if d.unit == "£" else 1)
            text = "blank" if v is None else format_value(v, d.unit, places)
            f.last_year.setText(f"{year}: {text}")
            f.last_year.setAccessibleName(f"{P.qualified_label(f.path)} in {year}: {text}")

    # --- document -> page -------------------------------------------------
    def _on_changed(self, path: str) -> None:
        if path == "":
            for f in self.fields.values():
                f.show()
        elif path in self.fields:
            self.fields[path].show()

    def set_states(self, states: dict[str, tuple[str, list[str]]],
                   cells: dict[str, dict], tables: dict[str, tuple[str, list[str]]]) -> None:
        for path, f in self.fields.items():
            new = states.get(path, ("", []))
            if f.state != new:
                f.set_state(*new)
        for table, panel in self.tables.items():
            panel.model.set_states(cells.get(table, {}))
            panel.set_banner(*tables.get(table, ("", [])))

    def commit_pending(self) -> list[str]:
        """Write every box's text to the return; the labels of boxes whose text is refused."""
        bad = []
        for f in self.fields.values():
            w = f.widget
            if isinstance(w, (QLineEdit, QPlainTextEdit)) and not f.commit():
                bad.append(P.qualified_label(f.path))
        for panel in self.tables.values():     # cells keep refused text until corrected
            m = panel.model
            bad += [f"{next(d.label for d in m.columns if d.name == name)}, row {row + 1}"
                    for row, name in sorted(m.bad)]
        return bad

    def focus_path(self, path: str) -> bool:
        """Put the keyboard focus on the input or cell ``path`` names."""
        if path in self.fields:
            w = self.fields[path].widget
            if hasattr(self, "scroll"):
                self.scroll.ensureWidgetVisible(w)
            w.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        split = P.split_row(path)
        if split and split[0] in self.tables:
            self.tables[split[0]].focus_cell(split[1], split[2])
            return True
        if path in self.tables:
            self.tables[path].focus_cell(0)
            return True
        return False

    def first_input(self) -> QWidget | None:
        if self.fields:
            return next(iter(self.fields.values())).widget
        if self.tables:
            return next(iter(self.tables.values())).view
        return None
