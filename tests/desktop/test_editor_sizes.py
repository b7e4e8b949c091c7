"""Boxes keep a readable size: the Tenure cell's drop-down, the key dialog's passphrase boxes."""
from PySide6.QtWidgets import QApplication

from desktop.dialogs.key import KeyDialog


def test_the_confirm_box_keeps_its_height_after_a_key_is_created(qtbot, tmp_path):
    dlg = KeyDialog(None, "DCSF")
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    before = dlg.confirm.height()
    dlg.path.setText(str(tmp_path / "k.key"))
    for box in (dlg.passphrase, dlg.confirm):
        box.setText("correct horse battery staple 2009")
    dlg.create_key()
    QApplication.processEvents()
    assert dlg.key_path is not None
    assert dlg.confirm.height() >= before
    assert dlg.passphrase.height() >= before


def test_the_tenure_cell_editor_is_as_wide_as_its_longest_label(sample_window, qtbot):
    from PySide6.QtWidgets import QComboBox
    w = sample_window
    w.go_to_page("floor_space")
    panel = w.pages["floor_space"].tables["floor_space.buildings"]
    col = [d.name for d in panel.model.columns].index("tenure")
    panel.view.setColumnWidth(col, 30)              # narrower than any label
    index = panel.model.index(0, col)
    panel.view.setCurrentIndex(index)
    panel.view.edit(index)
    QApplication.processEvents()
    editor = panel.view.indexWidget(index) or panel.view.viewport().findChild(QComboBox)
    assert isinstance(editor, QComboBox)
    longest = max(editor.fontMetrics().horizontalAdvance(editor.itemText(i))
                  for i in range(editor.count()))
    assert editor.width() >= editor.sizeHint().width() > longest
    assert editor.view().minimumWidth() >= editor.width()
