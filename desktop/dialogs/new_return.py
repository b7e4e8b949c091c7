"""New return: organisation + year -> a return pre-filled with its published commitments."""
from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QLabel, QLineEdit, QVBoxLayout)

from forms.schema.errors import UserError
from forms.schema.fields import describe
from forms.schema.wording import choice_label
from forms.schema.model import Envelope, Return
from forms.drafts.new_return import new_return

from desktop.dialogs import enter_does
from desktop.words import for_the_window
from desktop.widgets.organisation_box import OrganisationBox

DEFAULT_YEAR = "2009-10"


class NewReturnDialog(QDialog):
    def __init__(self, parent=None, year: str = DEFAULT_YEAR):
        super().__init__(parent)
        self.setWindowTitle("New return")
        self.result_return: Return | None = None
        self.org = OrganisationBox()       # the very box Return details has
        self.org.setMinimumWidth(self.org.fontMetrics().horizontalAdvance("n") * 44)
        self.year = QLineEdit(year)
        self.body = QLineEdit()
        self.kind = QComboBox()
        for code in describe(Envelope, "return_kind").choices:   # labels, as Return details shows
            self.kind.addItem(choice_label(code), code)
        form = QFormLayout()
        for label, w, field in (("&Organisation", self.org, "organisation"),
                                ("Financial &year", self.year, "financial_year"),
                                ("&Body name (agency or ALB)", self.body, "body_name"),
                                ("Return &kind", self.kind, "return_kind")):
            w.setToolTip(describe(Envelope, field).help)
            w.setAccessibleName(label.replace("&", ""))
            form.addRow(label, w)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Problem")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        note = QLabel("The savings lines and actions your organisation published in the 2009 "
                      "improvement plan (Table A) are filled in for you.")
        note.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(note)
        lay.addLayout(form)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        enter_does(self, buttons.button(QDialogButtonBox.StandardButton.Ok))
        self.org.setFocus()

    def org_query(self) -> str:
        return self.org.text().strip()    # a code, a name, or "Name (CODE)"

    def accept(self) -> None:
        if not self.org_query():
            self.error.setText("Choose your organisation first.")
            self.org.setFocus()
            return
        try:
            from validators.packs import check_new_year
            check_new_year(self.year.text().strip())
            self.result_return = new_return(self.org_query(), self.year.text().strip(),
                                            self.body.text().strip(), self.kind.currentData())
            from validators.baselines import prefill
            prefill(self.result_return)    # a Baselines row for each commitment that is a change
        except UserError as e:
            self.error.setText(for_the_window(str(e)))
            return
        super().accept()
