"""The Benchmarks page: where the return stands against each comparator and commitment.

One row per benchmark finding: what it is, this return's value, the target,
when it falls due, the status in words and an icon, and a chart. For a
shortfall the officer picks which action of the plan addresses it.
"""
from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QComboBox, QFrame, QGridLayout, QHBoxLayout, QLabel,
                               QScrollArea, QSizePolicy, QStyle, QVBoxLayout, QWidget)

from forms.schema.errors import UserError
from forms.schema.metrics import METRICS, format_value
from forms.schema.model import Return
from forms.schema.wording import plural
from validators.findings import MEETS, NOT_AVAILABLE, SHORT, WITHIN, Finding, Report

from desktop.pages.chart import TargetChart
from desktop.pages.base import Page

NEEDS_ACTION = (SHORT, WITHIN)
STATUS_TEXT = {MEETS: "Meets", WITHIN: "Within 10 %", SHORT: "Short",
               NOT_AVAILABLE: "Not available"}
# status -> the field-state icon it shares with the sidebar and findings (one set of icons)
STATUS_ICON = {MEETS: "", WITHIN: "query", SHORT: "error", NOT_AVAILABLE: "explained"}


def status_icon(status: str):
    from desktop.widgets.field_state import icon_for, ok_icon
    state = STATUS_ICON.get(status, STATUS_ICON[NOT_AVAILABLE])
    return icon_for(state) if state else ok_icon()
HEADERS = ("Benchmark", "This return", "Target", "Due", "Status", "Chart")
_TITLE, _VALUE, _TARGET, _DUE, _STATUS, _CHART = range(6)
ROWS_PER_BENCHMARK = 3   # the figures; the action chosen for a shortfall; a rule


def rule_titles(ret: Return, report: Report) -> dict[str, tuple[str, str]]:
    """Rule id -> (title, source) from the pack the return was checked against."""
    from validators.packs import load_pack
    try:
        pack = load_pack(ret.envelope.rule_pack or report.pack_id)
    except UserError:
        return {}
    return {r.id: (r.spec.title, r.spec.source) for r in pack.rules}


def exact(v: Decimal, unit: str) -> str:
    """A target reads as the pack states it: 77 : 1, not 77.0 : 1."""
    return format_value(v, unit, max(0, -v.as_tuple().exponent))


def target_text(f: Finding, unit: str, better: str) -> str:
    if f.target is None:
        return "—"
    t = exact(f.target, unit)
    return {"higher": f"at least {t}", "lower": f"at most {t}"}.get(better, t)


def action_label(n: int, text: str) -> str:
    first = " ".join(text.split())
    return f"{n}. {first[:70]}…" if len(first) > 70 else f"{n}. {first or '(no text yet)'}"


class BenchmarkRow:
    """The widgets of one benchmark, kept between updates so focus is never lost."""

    def __init__(self, page: "BenchmarksPage", grid: QGridLayout, row: int, key: str):
        self.key = key
        self.metric = ""
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.title.setMinimumWidth(180)
        self.value, self.target, self.due = QLabel(), QLabel(), QLabel()
        for lab in (self.value, self.target):
            lab.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.status_icon, self.status_text = QLabel(), QLabel()
        status = QWidget()
        box = QHBoxLayout(status)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.status_icon)
        box.addWidget(self.status_text)
        box.addStretch()
        self.status = status
        self.chart = TargetChart()
        # The action sits on its own line below the figures, so its text has room
        # and the page fits a 1280-pixel window without scrolling sideways.
        self.action = QComboBox()
        self.action.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.action.setMinimumContentsLength(30)
        self.action.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.action.currentIndexChanged.connect(lambda _i: page._action_changed(self))
        self.action_label = QLabel("Action addressing it:")
        self.action_label.setBuddy(self.action)
        self.action_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        align = Qt.AlignmentFlag.AlignVCenter
        grid.addWidget(self.title, row, _TITLE, align)
        grid.addWidget(self.value, row, _VALUE, align)
        grid.addWidget(self.target, row, _TARGET, align)
        grid.addWidget(self.due, row, _DUE, align)
        grid.addWidget(self.status, row, _STATUS, align)
        grid.addWidget(self.chart, row, _CHART, align)
        grid.addWidget(self.action_label, row + 1, _TITLE, align)
        grid.addWidget(self.action, row + 1, _VALUE, 1, len(HEADERS) - 1, align)
        self.line = QFrame()
        self.line.setFrameShape(QFrame.Shape.HLine)
        self.line.setFrameShadow(QFrame.Shadow.Sunken)
        grid.addWidget(self.line, row + 2, 0, 1, len(HEADERS))

    def widgets(self) -> list[QWidget]:
        return [self.title, self.value, self.target, self.due, self.status, self.chart,
                self.action, self.action_label, self.line]


class BenchmarksPage(QWidget, Page):
    """Benchmarks of the last check; emits action_chosen(finding key, action number)."""

    action_chosen = Signal(str, str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("benchmarksPage")
        self.rows: list[BenchmarkRow] = []
        self._updating = False
        outer = QVBoxLayout(self)
        heading = QLabel("Benchmarks")
        f = heading.font()
        f.setPointSizeF(f.pointSizeF() * 1.4)
        f.setBold(True)
        heading.setFont(f)
        outer.addWidget(heading)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        outer.addWidget(self.summary)
        self.intro = QLabel(
            "Where this return stands against the published comparators and your "
            "organisation's commitments. Benchmarks never block export; for each one that "
            "falls short, choose the action in your action plan that addresses it.")
        self.intro.setWordWrap(True)
        outer.addWidget(self.intro)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(self.scroll, 1)
        self._body = QWidget()
        self.grid = QGridLayout(self._body)
        self.grid.setHorizontalSpacing(14)
        self.grid.setVerticalSpacing(6)
        for col, text in enumerate(HEADERS):
            h = QLabel(text)
            bold = QFont(h.font())
            bold.setBold(True)
            h.setFont(bold)
            if col in (_VALUE, _TARGET):
                h.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
            self.grid.addWidget(h, 0, col, Qt.AlignmentFlag.AlignBottom)
        self.grid.setColumnStretch(_TITLE, 2)
        self.grid.setColumnStretch(_CHART, 3)
        self.scroll.setWidget(self._body)
        self.empty = QLabel("No benchmarks apply to this return yet.")
        self.grid.addWidget(self.empty, 1, 0, 1, len(HEADERS))
        self._stretch_row = 1

    # -- data ------------------------------------------------------------------
    def set_data(self, report: Report, metrics: dict, previous_metrics: dict | None,
                 ret: Return) -> None:
        """Show the report's benchmarks; widgets are reused while the rules stay the same."""
        findings = report.benchmarks
        keys = [f.key for f in findings]
        if keys != [r.key for r in self.rows]:
            self._rebuild(keys)
        titles = rule_titles(ret, report)
        actions = ret.action_plan.actions
        self._updating = True
        try:
            for row, f in zip(self.rows, findings):
                self._fill(row, f, titles, metrics, previous_metrics, ret, actions)
        finally:
            self._updating = False
        self._summarise(findings, ret)

    def _rebuild(self, keys: list[str]) -> None:
        for row in self.rows:
            for w in row.widgets():
                self.grid.removeWidget(w)
                w.deleteLater()
        self.rows = []
        self.grid.setRowStretch(self._stretch_row, 0)
        for n, key in enumerate(keys):
            self.rows.append(BenchmarkRow(self, self.grid, 1 + ROWS_PER_BENCHMARK * n, key))
        self.empty.setVisible(not keys)
        # Extra height goes below the last row, not between rows.
        self._stretch_row = 1 + ROWS_PER_BENCHMARK * len(keys)
        self.grid.setRowStretch(self._stretch_row, 1)
        prev: QWidget | None = None
        for row in self.rows:   # tab order follows the page, top to bottom
            if prev is not None:
                QWidget.setTabOrder(prev, row.action)
            prev = row.action

    def _fill(self, row: BenchmarkRow, f: Finding, titles: dict, metrics: dict,
              previous_metrics: dict | None, ret: Return, actions) -> None:
        row.metric = f.metric
        m = METRICS.get(f.metric)
        # A change commitment's value and target are a change, in the finding's own unit.
        unit, places, better = (m.unit, m.places, m.better) if m else \
            (f.unit, 0 if f.unit == "£" else 1 if f.unit else 2, "")
        title, source = titles.get(f.rule_id, ("", ""))
        title = title or (m.label if m else f.rule_id)
        row.title.setText(title)
        tip = f.message + (f"\nSource: {source}" if source else "")
        row.title.setToolTip(tip)
        value = f.value if f.value is not None else metrics.get(f.metric)
        row.value.setText(format_value(value, unit, places) if value is not None else "—")
        row.target.setText(target_text(f, unit, better))
        row.due.setText(f.due or "—")
        status = f.status or NOT_AVAILABLE
        text = STATUS_TEXT.get(status, status.capitalize())
        row.status_text.setText(text)
        icon = status_icon(status)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        row.status_icon.setPixmap(icon.pixmap(size, size))
        row.status_icon.setAccessibleName(text)
        row.status.setToolTip(f.message)
        previous = previous_metrics.get(f.metric) if previous_metrics is not None else None
        row.chart.set_values(value, f.target, unit=unit, places=places, status=status,
                             previous=previous, show_previous=previous_metrics is not None)
        row.chart.setAccessibleName(f"Chart: {title}")
        self._fill_actions(row, f, title, status, ret, actions)

    def _fill_actions(self, row: BenchmarkRow, f: Finding, title: str, status: str,
                      ret: Return, actions) -> None:
        needs = status in NEEDS_ACTION
        row.action.setVisible(needs)
        row.action_label.setVisible(needs)
        if not needs:
            return
        chosen = ret.benchmark_actions.get(f.key, "")
        items = [("", "Choose an action…" if actions else "Add actions on the Action plan page")]
        items += [(str(n), action_label(n, a.text)) for n, a in enumerate(actions, 1)]
        if chosen and chosen not in {d for d, _ in items}:
            # Keep a choice whose action was since removed, visibly, rather than drop it.
            items.append((chosen, f"{chosen}. (no longer in the action plan)"))
        combo = row.action
        if [combo.itemData(i) for i in range(combo.count())] != [d for d, _ in items] or \
                [combo.itemText(i) for i in range(combo.count())] != [t for _, t in items]:
            combo.clear()
            for data, text in items:
                combo.addItem(text, data)
        combo.setCurrentIndex(max(0, combo.findData(chosen)))
        combo.setEnabled(bool(actions) or bool(chosen))
        combo.setAccessibleName(f"Action addressing: {title}")
        # On Linux a drop-down is announced by its label and its value, never by its own
        # name: the label's name says which benchmark (its text stays short on screen).
        row.action_label.setAccessibleName(f"Action addressing {title}:")
        combo.setToolTip("Which action in your action plan addresses this shortfall.")
        current = combo.currentData()
        if current:
            combo.setToolTip(actions[int(current) - 1].text if current.isdigit()
                             and int(current) <= len(actions) else combo.currentText())

    def _action_changed(self, row: BenchmarkRow) -> None:
        if self._updating:
            return
        data = row.action.currentData()
        self.action_chosen.emit(row.key, data if isinstance(data, str) else "")

    def _summarise(self, findings: list[Finding], ret: Return) -> None:
        if not findings:
            self.summary.setText("No benchmarks apply to this return yet.")
            return
        counts = {s: sum(1 for f in findings if (f.status or NOT_AVAILABLE) == s)
                  for s in STATUS_TEXT}
        parts = [f"{n} {STATUS_TEXT[s].lower()}" for s, n in counts.items() if n]
        need = [f for f in findings if f.status in NEEDS_ACTION]
        open_ = [f for f in need if not str(ret.benchmark_actions.get(f.key, "")).strip()]
        if not need:
            tail = ""
        elif not open_:
            tail = f" Each has an action from your plan ({len(need)} chosen)."
        else:
            verb = "needs" if len(open_) == 1 else "need"
            tail = (f" {len(open_)} still {verb} an action from your plan"
                    + (f" ({len(need) - len(open_)} chosen)." if len(open_) < len(need) else "."))
        self.summary.setText(f"{plural(len(findings), 'benchmark')}: {', '.join(parts)}." + tail)

    # -- navigation --------------------------------------------------------------
    def first_input(self) -> QWidget | None:
        return next((r.action for r in self.rows if r.action.isVisibleTo(self)), None)

    def focus_path(self, path: str) -> bool:
        """'metrics.hr_ratio' -> that benchmark's row; 'benchmark_actions' -> the first action box."""
        metric = path[8:] if path.startswith("metrics.") else ""
        for row in self.rows:
            if (metric and row.metric == metric) or (not metric and row.action.isVisibleTo(self)):
                return self.focus_finding(row.key)
        return False

    def focus_finding(self, key: str) -> bool:
        """Bring a benchmark's row into view (and its action box into focus)."""
        for row in self.rows:
            if row.key == key:
                self.scroll.ensureWidgetVisible(row.title)
                if row.action.isVisibleTo(self):
                    row.action.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return False
