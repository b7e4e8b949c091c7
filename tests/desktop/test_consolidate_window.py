"""The analyst consolidates from the program: folders and keyring in, a table of returns
out, the work off the GUI thread, and the consolidated workbook exported."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from consolidate_fixtures import received  # noqa: E402,F401 - fixture


@pytest.fixture
def window(qtbot):
    from desktop.consolidate.window import ConsolidateWindow
    w = ConsolidateWindow()
    qtbot.addWidget(w)
    w.show()
    return w


def _run(window, qtbot, received, jobs=1):
    window.folders.addItem(str(received.inbox))
    window.keyring.setText(str(received.ring))
    window.run(jobs=jobs)
    assert window.worker is not None and not window.run_button.isEnabled()
    qtbot.waitUntil(lambda: window.outcome is not None, timeout=120_000)


def test_consolidating_fills_a_sortable_filterable_table(window, qtbot, received):
    _run(window, qtbot, received)
    assert "15 files: 7 valid, 2 superseded, 4 rejected, 2 unreadable" in window.status.text()
    # Who has not returned, as the command says it (the workbook's Summary lists all).
    assert window.status.text().endswith(window.outcome.consolidation.not_returned(most=12))
    assert "Not returned: " in window.status.text()
    assert window.proxy.rowCount() == 15           # every file received, the unreadable too
    window.filter.setText("rejected")
    assert window.proxy.rowCount() == 4
    window.filter.setText("unreadable")
    assert window.proxy.rowCount() == 2
    source = window.proxy.mapToSource(window.proxy.index(0, 0))
    assert window.reasons_for(source.row()).startswith("Cannot be read as a signed return")
    window.filter.setText("")
    col = [c for c, _ in window.proxy.sourceModel().columns].index("metric_hr_ratio")
    window.table.sortByColumn(col, __import__("PySide6.QtCore").QtCore.Qt.SortOrder.DescendingOrder)
    values = [window.proxy.index(r, col).data(__import__("desktop.consolidate.models").consolidate.models.SORT_ROLE)
              for r in range(window.proxy.rowCount())]
    numbers = [v for v in values if isinstance(v, float)]
    assert numbers == sorted(numbers, reverse=True) and len(numbers) == 9
    # Headed as the workbook is: statuses by their rules' titles.
    heads = dict(window.proxy.sourceModel().columns)
    assert heads["status_CMP_HR_RATIO"] == "Status: HR staffing ratio"
    # Rows as close as the text allows: an analyst scans 200 of them.
    assert window.table.rowHeight(0) <= window.table.fontMetrics().height() + 8


def test_a_rejected_returns_reasons_open(window, qtbot, received):
    _run(window, qtbot, received)
    window.filter.setText("tampered")
    assert window.proxy.rowCount() == 1
    source = window.proxy.mapToSource(window.proxy.index(0, 0))
    text = window.reasons_for(source.row())
    assert text.startswith("Values were edited after signing") and "Ask the sender for" in text


def test_league_tables_and_export(window, qtbot, received, tmp_path, monkeypatch):
    from PySide6.QtCore import Qt
    _run(window, qtbot, received, jobs=None)      # every core: worker processes from a QThread
    assert window.rule.count() >= 3 and window.league_proxy.rowCount() > 0
    window.rule.setCurrentIndex(window.rule.findData("CMP-HR-RATIO"))
    assert window.chart.rows and window.chart.target == 77.0
    # The chart says which year it shows (the table beside it lists every year) and
    # draws without error at the window's size.
    year, kind = window.chart.title.rsplit(": ", 1)[1].split(" ")
    assert year in {"2009-10", "2010-11"} and kind in {"outturn", "plan"}
    assert window.chart.unit == " : 1" and not window.chart.grab().isNull()
    # Numbers align right by their value, a file name that starts with digits does not.
    model = window.league_proxy.sourceModel()
    align = __import__("PySide6.QtCore").QtCore.Qt.ItemDataRole.TextAlignmentRole
    cols = [c for c, _ in model.columns]
    assert model.data(model.index(0, cols.index("value")), align) is not None
    assert model.data(model.index(0, cols.index("financial_year")), align) is None
    # Headed with the unit, as the workbook's league tables are.
    assert dict(model.columns)["value"] == "Value (N : 1)"
    window.rule.setCurrentIndex(window.rule.findData("CMP-FINANCE-COST"))
    assert [h for c, h in window.league_proxy.sourceModel().columns if c == "target"] \
        == ["Target (%)"]
    # The target with the values' places, as the workbook shows it ("1" read oddly
    # beside values of 1.16).
    model = window.league_proxy.sourceModel()
    cols = [c for c, _ in model.columns]
    shown = {model.data(model.index(r, cols.index("target"))) for r in range(model.rowCount())}
    values = [model.data(model.index(r, cols.index("value"))) for r in range(model.rowCount())]
    assert shown == {"1.00"} and all(len(v.rpartition(".")[2]) == 2 for v in values if v)
    assert window.open_button.isHidden()           # nothing written yet
    window.save_to(tmp_path / "out.xlsx")
    qtbot.waitUntil(lambda: (tmp_path / "out.xlsx").exists() and
                    window.export_button.isEnabled(), timeout=60_000)
    assert "Wrote" in window.status.text()
    # What was written opens from the window, Enter on the focused button doing it.
    from PySide6.QtGui import QDesktopServices
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        staticmethod(lambda url: opened.append(url.toLocalFile()) or True))
    assert window.open_button.isVisible() and window.focusWidget() is window.open_button
    qtbot.keyClick(window.open_button, Qt.Key.Key_Return)   # a window's button takes no
    qtbot.waitUntil(lambda: opened == [str(tmp_path / "out.xlsx")])   # Enter by itself
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: False))
    window.open_written()
    assert window.status.text().startswith("No program on this computer opens .xlsx")
    (tmp_path / "out.xlsx").unlink()
    window.open_written()
    assert "is no longer there: export it again" in window.status.text()


def test_no_keyring_is_refused_before_any_work(window):
    window.folders.addItem("/nowhere")
    window.keyring.setText("")
    window.run()
    assert window.worker is None and "keyring" in window.status.text()


def test_a_folder_with_no_workbook_is_said_in_the_window(window, qtbot, received, tmp_path):
    (tmp_path / "empty").mkdir()
    window.folders.addItem(str(tmp_path / "empty"))
    window.keyring.setText(str(received.ring))
    window.run(jobs=1)
    qtbot.waitUntil(lambda: window.outcome is not None, timeout=60_000)
    assert window.status.text().startswith("No workbooks (.xlsx) were found in ")


def test_a_keyring_that_is_not_a_folder_is_named_in_the_refusal(window, tmp_path):
    window.folders.addItem(str(tmp_path))
    window.keyring.setText(str(tmp_path / "keys"))
    window.run()
    assert window.worker is None
    assert window.status.text().startswith(f"There is no folder {tmp_path / 'keys'}. Choose")
    (tmp_path / "keys").write_text("not a folder")
    window.run()
    assert window.status.text().startswith(f"{tmp_path / 'keys'} is a file, not a folder.")


def test_enter_in_the_folders_or_keyring_consolidates_as_a_default_button_would(window, qtbot):
    from PySide6.QtCore import Qt
    for box in (window.folders, window.keyring):
        window.status.setText("")
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_Return)
        assert window.status.text() == "Add at least one folder of returns first.", box
    window.folders.addItem("/nowhere")
    window.keyring.setText("")
    window.folders.setFocus()
    qtbot.keyClick(window.folders, Qt.Key.Key_Enter)
    assert window.worker is None and "keyring" in window.status.text()
    assert window.keyring.hasFocus()                 # where the answer is wanted
    window.status.setText("")
    window.table.setFocus()                          # Enter there opens a file's reasons
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    assert window.status.text() == ""


def test_folder_dialogs_start_in_documents_then_where_the_last_folder_was(window, tmp_path,
                                                                         monkeypatch):
    from PySide6.QtWidgets import QFileDialog
    from desktop.files.program_folder import documents_folder
    asked = []

    def answer(parent, title, start):
        asked.append(start)
        return str(tmp_path / "inbox") if "received" in title else ""
    (tmp_path / "inbox").mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(answer))
    window.add_folder()
    window.add_folder()
    window.choose_keyring()
    window.keyring.setText(str(tmp_path))
    window.choose_keyring()
    assert asked == [str(documents_folder()), str(tmp_path), str(tmp_path), str(tmp_path)]
    assert window.paths() == [tmp_path / "inbox"] * 2


def test_the_export_dialog_starts_in_documents_then_where_the_last_export_went(
        window, tmp_path, monkeypatch):
    """It started in the current folder: the program's own, from a shortcut."""
    from PySide6.QtWidgets import QFileDialog
    from desktop.files.program_folder import documents_folder
    asked, saved = [], []

    def answer(parent, title, start, filters):
        asked.append(start)
        return (str(tmp_path / "out" / "march.xlsx"), filters)
    (tmp_path / "out").mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))
    monkeypatch.setattr(window, "save_to", saved.append)
    window.outcome = object()            # a consolidation to export
    window.export()
    window.export()
    assert asked == [str(documents_folder() / "consolidated.xlsx"),
                     str(tmp_path / "out" / "consolidated.xlsx")]
    assert saved == [tmp_path / "out" / "march.xlsx"] * 2


def test_a_folder_is_removed_by_delete_or_remove_and_remove_with_none_chosen_says_so(window,
                                                                                 qtbot):
    from PySide6.QtCore import Qt
    for folder in ("/first", "/second", "/third"):
        window.folders.addItem(folder)
    window.remove_button.click()                   # nothing chosen: nothing goes
    assert [str(p) for p in window.paths()] == ["/first", "/second", "/third"]
    assert window.status.text().startswith("Choose the folder to remove")
    window.folders.setFocus()
    window.folders.setCurrentRow(1)
    qtbot.keyClick(window.folders, Qt.Key.Key_Delete)
    assert [str(p) for p in window.paths()] == ["/first", "/third"]
    qtbot.keyClick(window.folders, Qt.Key.Key_Delete)     # the next one is current now
    assert [str(p) for p in window.paths()] == ["/first"]
    window.folders.setCurrentRow(0)
    window.remove_button.click()
    assert window.paths() == []


def test_opening_the_window_from_the_program_does_not_load_pandas_until_used():
    import subprocess
    code = ("import os, sys; os.environ['QT_QPA_PLATFORM']='offscreen';"
            "from desktop.app import make_app; app = make_app();"
            "from desktop.consolidate import open_window; w = open_window();"
            "print('pandas' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2],
                       capture_output=True, text=True, timeout=120)
    assert r.stdout.strip().splitlines()[-1] == "False", r.stderr[-2000:]


def test_cancel_stops_the_run_and_shows_what_was_read(window, qtbot, received):
    window.folders.addItem(str(received.inbox))
    window.keyring.setText(str(received.ring))
    window.run(jobs=1)
    assert window.cancel_button.isEnabled()
    window.cancel()
    qtbot.waitUntil(lambda: window.outcome is not None, timeout=120_000)
    assert window.outcome.consolidation.cancelled
    assert window.status.text().startswith("Cancelled: only part of the files were read.")
    assert window.run_button.isEnabled() and not window.cancel_button.isEnabled()


def test_the_file_menu_offers_consolidation(qtbot):
    from desktop.main_window import MainWindow
    w = MainWindow(defer_checks=True)
    qtbot.addWidget(w)
    w.finish_start()      # as just after the first paint, when the menus get their actions
    file_menu = w.menuBar().actions()[0].menu()
    act = next(a for a in file_menu.actions() if a.text() == "&Consolidate returns…")
    act.trigger()
    assert w._consolidate_window.isVisible()
    w._consolidate_window.close()
    w.autosaver.close()


def test_the_returns_open_in_the_consolidations_own_order(window, qtbot, received):
    """Valid returns by organisation, then the rest: not Qt's first column descending."""
    _run(window, qtbot, received)
    model = window.proxy.sourceModel()
    shown = [window.proxy.index(r, 0).data() for r in range(window.proxy.rowCount())]
    assert shown == [model.index(r, 0).data() for r in range(model.rowCount())]
    assert window.table.horizontalHeader().sortIndicatorSection() == -1
    col = [c for c, _ in model.columns].index("organisation")
    orgs = [window.proxy.index(r, col).data() for r in range(window.proxy.rowCount())]
    valid = orgs[:7]
    assert valid == sorted(valid)


def test_ctrl_c_copies_the_chosen_rows_with_their_headers_for_excel(window, qtbot, received):
    """An analyst lists the rejected returns in an email: the table copied one cell."""
    from PySide6.QtCore import QItemSelectionModel, Qt
    from PySide6.QtGui import QGuiApplication
    QGuiApplication.clipboard().clear()
    window.activateWindow()            # the offscreen platform activates no window by itself
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert window.status.text() == "Nothing to copy: consolidate the returns first."
    _run(window, qtbot, received)
    window.filter.setText("rejected")
    view, model = window.table, window.proxy
    view.setFocus()
    for r in (0, 2):
        view.selectionModel().select(model.index(r, 0), QItemSelectionModel.SelectionFlag.Select
                                     | QItemSelectionModel.SelectionFlag.Rows)
    qtbot.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QGuiApplication.clipboard().text().splitlines()
    heads = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert lines[0].split("\t") == heads
    assert [line.split("\t")[0] for line in lines[1:]] == [model.index(r, 0).data()
                                                           for r in (0, 2)]
    assert all(len(line.split("\t")) == len(heads) for line in lines)   # no cell split
    assert window.status.text().startswith("Copied 2 rows with their headers")
    # The league tables copy the same way, from the right-click menu too.
    assert [a.text() for a in window.league_table.actions()] == ["&Copy rows"]


def test_the_next_window_offers_the_last_run_s_folders_that_still_exist(qtbot, tmp_path):
    """Returns arrive over days: the analyst consolidates the same folders again."""
    from desktop.consolidate.window import ConsolidateWindow
    (tmp_path / "inbox").mkdir()
    first = ConsolidateWindow()
    qtbot.addWidget(first)
    for folder in (tmp_path / "inbox", tmp_path / "gone"):
        first.folders.addItem(str(folder))
    first.keyring.setText(str(tmp_path))
    first.run(jobs=1)
    qtbot.waitUntil(lambda: first.outcome is not None, timeout=60_000)
    again = ConsolidateWindow()
    qtbot.addWidget(again)
    assert again.paths() == [tmp_path / "inbox"]       # the folder that went is not offered
    assert again.keyring.text() == str(tmp_path)
    assert again.status.text().startswith("The folders and keyring of the last run")


def test_f1_opens_the_guide_at_the_treasury_s_section(window, qtbot):
    from PySide6.QtCore import Qt
    window.activateWindow()            # the offscreen platform activates no window by itself
    qtbot.waitUntil(window.isActiveWindow)
    window.keyring.setFocus()
    qtbot.keyClick(window.keyring, Qt.Key.Key_F1)
    guide = window._guide
    qtbot.waitUntil(guide.isVisible)
    # The section's heading is on screen (near the guide's end, it cannot scroll to the top).
    heading = next(t for t in guide.headings if t.startswith("For the Treasury"))
    from PySide6.QtGui import QTextCursor
    at = QTextCursor(guide.text.document())
    at.setPosition(guide.headings[heading])
    assert guide.text.viewport().rect().contains(guide.text.cursorRect(at).center())
    guide.close()
