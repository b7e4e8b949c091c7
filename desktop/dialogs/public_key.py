"""Save a key's public half (.pem) to file with HM Treasury, as `backoffice keys public -o` does."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QPushButton, QWidget

FILE_WITH_TREASURY = ("File this with HM Treasury: it holds no secret, and lets the Treasury "
                      "check that your returns come from you.")


def what_to_file(info, key_path: Path) -> str:
    """The words the CLI prints after `keys generate`, for the dialog."""
    return (f"Key created for {info.organisation}.\nFingerprint: {info.fingerprint}\n"
            f"Saved to: {key_path}\nKeep it and its passphrase safe. File the public key "
            f"({info.organisation}.pem) with HM Treasury: use the button below, or run "
            f"backoffice keys public \"{key_path}\" -o {info.organisation}.pem")


def save_public_key(parent: QWidget, info, folder: Path) -> Path | None:
    """Ask where, then write the .pem (owner-readable only); None if the officer cancels."""
    from forms.signing.keys import write_public_key
    chosen, _ = QFileDialog.getSaveFileName(parent, "Save the public key to file with HM Treasury",
                                            str(folder / f"{info.organisation}.pem"),
                                            "Public key (*.pem)")
    if not chosen:
        return None
    path = Path(chosen) if chosen.lower().endswith(".pem") else Path(chosen + ".pem")
    write_public_key(info, path)
    return path


def public_key_button(dialog, folder_of) -> QPushButton:
    """A button for the key dialog: save the new key's .pem, and say where it went."""
    button = QPushButton("Save the &public key (.pem)…")
    button.setAccessibleName("Save the public key to file with HM Treasury")
    button.setToolTip(FILE_WITH_TREASURY)

    def save() -> None:
        from forms.schema.errors import UserError
        try:
            path = save_public_key(dialog, dialog.info, folder_of())
        except UserError as e:
            dialog.error.setText(str(e))
            dialog.error.show()
            return
        if path is not None:
            dialog.error.hide()
            dialog.result.setText(dialog.result.text() + f"\nPublic key saved to {path}. "
                                  + FILE_WITH_TREASURY)
    button.clicked.connect(save)
    button.hide()
    return button


def export_public_key(window) -> Path | None:
    """File › Save public key for HM Treasury: pick a key file, save its .pem beside it."""
    from forms.signing.keys import read_key_info

    from desktop.dialogs.key import KEY_SUFFIX, default_key_dir
    chosen, _ = QFileDialog.getOpenFileName(window, "Choose the signing key whose public key to "
                                            "file", str(default_key_dir()),
                                            f"Signing keys (*{KEY_SUFFIX});;All files (*)")
    if not chosen:
        return None
    info = read_key_info(chosen)          # no passphrase: the public half is not sealed
    path = save_public_key(window, info, Path(chosen).parent)
    if path is not None:
        window.inform("Public key saved", f"Saved {path} (key {info.fingerprint}, "
                      f"{info.organisation}). {FILE_WITH_TREASURY}", warning=False)
    return path
