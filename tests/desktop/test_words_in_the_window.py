"""The window speaks as the officer does: its version in Help › About, choices by label."""


def test_help_about_names_the_version(window):
    from forms.schema.version import VERSION
    window._about()
    assert window.messages[-1].startswith(f"Back Office Return {VERSION}:")


def test_tables_and_boxes_show_choices_by_label(sample_window):
    from PySide6.QtCore import Qt
    w = sample_window
    panel = w.pages["savings"].tables["savings"]
    m = panel.model
    col = next(i for i, d in enumerate(m.columns) if d.name == "status")
    assert m.data(m.index(0, col), Qt.ItemDataRole.DisplayRole)[0].isupper()
    assert m.setData(m.index(0, col), "At risk", Qt.ItemDataRole.EditRole)
    assert w.doc.ret.savings[0].status == "at risk"


def test_new_dialog_shows_return_kinds_by_label_and_stores_codes(qtbot):
    from desktop.dialogs.new_return import NewReturnDialog
    dlg = NewReturnDialog()
    qtbot.addWidget(dlg)
    shown = [dlg.kind.itemText(i) for i in range(dlg.kind.count())]
    assert "Outturn" in shown and "outturn" not in shown
    dlg.org.setText("DCSF")
    dlg.kind.setCurrentIndex(shown.index("Outturn"))
    dlg.accept()
    assert dlg.result_return is not None
    assert dlg.result_return.envelope.return_kind == "outturn"


def test_new_dialog_refuses_a_year_typed_by_mistake_in_its_own_words(qtbot):
    from desktop.dialogs.new_return import NewReturnDialog
    dlg = NewReturnDialog()
    qtbot.addWidget(dlg)
    dlg.org.setText("DCSF")
    dlg.year.setText("1999-00")
    dlg.accept()
    assert dlg.result_return is None and "check the year" in dlg.error.text()
