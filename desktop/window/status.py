"""Checks to views: findings panel, field and cell marks, sidebar states, header.

Blank answers not yet due show as "to do" (desktop/window/progress.py), everywhere
but in what blocks export."""
from __future__ import annotations

import logging

from PySide6.QtCore import Qt

from forms.schema import paths as P
from forms.schema.errors import UserError
from forms.schema.organisations import find_organisation

from desktop.pages.registry import PAGE_KEYS, PAGES, page_of, real_path, table_paths
from desktop.widgets.field_state import RANK, icon_for, ok_icon
from desktop.widgets.findings_panel import finding_state
from desktop.window.progress import given_pages
from desktop.window.prompts import APP_TITLE

log = logging.getLogger("backoffice")


class StatusMixin:
    """After each check: what each page, the sidebar and the header show."""

    def _on_changed(self, path: str) -> None:
        if path == "" or path.startswith("envelope"):
            self._update_header()
        if path and not self._filling:       # an answer the officer changed
            page = page_of(path)
            self.progress.edited(page)
            # A box commits as the officer leaves it, which can be after the page changed.
            if page != self.current_page() and self.progress.left(page):
                self._show_report()

    def _on_page_shown(self, _index: int) -> None:
        """Leaving a page worked on turns its blank answers into errors."""
        left, self._page_shown = self._page_shown, self.current_page()
        if left != self._page_shown and self.progress.left(left):
            self._show_report()

    def _on_checked(self) -> None:
        if self._progress_of != self.doc.generation:   # another return: its own progress
            self._progress_of, self._progress_guess = self.doc.generation, None
            self.progress.start(given_pages(self.doc.ret))
        elif self._progress_guess is not None and self.doc.ready:
            # The real check after the cached one shown at start-up (finish_start).
            if self.doc.undo.isClean() and given_pages(self.doc.ret) != self._progress_guess:
                self.progress.start(given_pages(self.doc.ret))   # only if the cache was wrong
            self._progress_guess = None
        self._show_report()

    def _show_report(self) -> None:
        report = self.doc.report
        todo = self.progress.is_todo
        self.findings.update_report(report, todo)
        if "checks" in self.pages.built:
            self.pages["checks"].refresh()
        fields: dict[str, tuple[str, list[str]]] = {}
        cells: dict[str, dict] = {}
        tables: dict[str, tuple[str, list[str]]] = {}
        counts = {k: [0, 0, 0] for k in PAGE_KEYS}      # errors, queries, to do
        tables_shown = table_paths()

        def mark(store: dict, key, state: str, msg: str) -> None:
            old = store.get(key)
            if old is None or RANK[state] < RANK[old[0]]:
                store[key] = (state, [msg] + (old[1] if old else []))
            elif msg not in old[1]:
                old[1].append(msg)

        for f in report.findings:
            if f.severity == "benchmark":
                continue
            state = finding_state(report, f, todo)
            first = real_path(f.paths)
            if first and state != "explained":
                counts[page_of(first)][("error", "query", "todo").index(state)] += 1
            for p in f.paths:
                if p.startswith("metrics."):
                    continue
                split = P.split_row(p)
                if split and split[2] and split[0] in tables_shown:
                    mark(cells.setdefault(split[0], {}), (split[1], split[2]), state, f.message)
                elif p in tables_shown:
                    mark(tables, p, state, f.message)
                else:
                    mark(fields, p, state, f.message)
        self._marks = (fields, cells, tables)
        for page in self.pages.built.values():
            page.set_states(fields, cells, tables)
        open_q = sum(1 for f in report.queries if not report.explained(f))
        to_do = sum(1 for f in report.errors if todo(f))
        counts["checks"] = [len(report.errors) - to_do, open_q, to_do]
        for row, (key, title, _) in enumerate(PAGES):
            errs, qs, tds = counts[key]
            item = self.sidebar.item(row)
            bits = []
            if errs:
                bits.append(f"{errs} error{'s' if errs != 1 else ''}")
            if qs:
                bits.append(f"{qs} quer{'ies' if qs != 1 else 'y'}")
            if tds:
                bits.append(f"{tds} to do")
            if key == "benchmarks":
                short = sum(1 for f in report.benchmarks if f.status == "short")
                bits = [f"{short} short"] if short else []
                state = "query" if short else ""
            else:
                state = "error" if errs else ("query" if qs else ("todo" if tds else ""))
            text = f"{title}\n{', '.join(bits)}" if bits else title
            words = ", ".join(bits) if bits else "complete"
            item.setText(text)
            item.setIcon(icon_for(state) if state else ok_icon())
            item.setToolTip(f"{title}: {words}")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{title}, {words}")
        self._update_benchmarks()
        self._update_header()
        self._clear_fixed_refusals()

    def _clear_fixed_refusals(self) -> None:
        """A refused entry's status-bar message goes once the entry is corrected."""
        now = {path: why for path, (_text, why) in self.doc.refusals().items()}
        shown = self.statusBar().currentMessage()
        for path, why in self._refusals_shown.items():
            if path not in now and shown and why in shown:
                self.statusBar().clearMessage()
        self._refusals_shown = now

    def _update_header(self) -> None:
        v = self.doc.value        # the values shown, validated or not yet
        organisation, body = v("envelope.organisation") or "", v("envelope.body_name") or ""
        try:
            org = find_organisation(organisation).label if organisation else ""
        except UserError:
            org = organisation
        who = org or "No organisation chosen yet"
        if body:
            who += f" — {body}"
        year = v("envelope.financial_year") or "year not set"
        report = self.doc.report
        errs = sum(1 for f in report.errors if not self.progress.is_todo(f))
        open_q = sum(1 for f in report.queries if not report.explained(f))
        to_go = report.to_go
        # Progress, not a fault: "12 of 41 answers to go" while only blank answers remain.
        progress = f"{to_go} of {report.answers} answers to go" if to_go else ""
        if not self.doc.checked_once:
            status = "Checking…"
        elif report.can_submit:
            status = "Ready to export"
        else:
            bits = []
            if errs:
                bits.append(f"{errs} error{'s' if errs != 1 else ''}")
            if open_q:
                bits.append(f"{open_q} unexplained quer{'ies' if open_q != 1 else 'y'}")
            status = " · ".join(b for b in ("Not ready: " + ", ".join(bits) if bits else "",
                                            progress) if b)
        prev = ""
        if self.doc.previous is not None:
            prev = f" · compared with {self.doc.previous.envelope.financial_year or 'last year'}"
        self.header.setText(f"<span style='font-size:120%'><b>{who}</b></span><br>"
                            f"{year} · {v('envelope.return_kind')} · <b>{status}</b>{prev}")

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.doc.title()}[*] — {APP_TITLE}")
        self.setWindowModified(self.doc.dirty)

    def _choose_action(self, key: str, number: str) -> None:
        try:
            self.doc.set_benchmark_action(key, number, reveal="benchmark_actions")
        except UserError as e:
            self.notify(str(e))

    def _update_benchmarks(self) -> None:
        if self._bench is not None:
            try:
                self._bench.set_data(self.doc.report, self.doc.metrics,
                                     self.doc.previous_metrics, self.doc.ret)
            except Exception:   # a chart problem must never stop the checks
                log.exception("benchmarks page failed to update")
