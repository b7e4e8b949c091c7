"""Export and verify a return: the work the export dialog hands to the task runner.

The worker only calls core functions and returns a plain result (an outcome
or a failure, never an exception); it never touches a widget.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from forms.schema.errors import UserError
from forms.schema.model import Return

log = logging.getLogger("backoffice")

# Failure kinds: where the dialog shows the message and which field gets focus.
PASSPHRASE, KEY, BLOCKED, OUTPUT, UNEXPECTED = "passphrase", "key", "blocked", "output", "unexpected"


@dataclass(frozen=True)
class ExportOutcome:
    result: object          # forms.workbook.export.ExportResult
    verification: object    # forms.workbook.verify.VerifyResult


@dataclass(frozen=True)
class ExportFailure:
    kind: str
    message: str
    findings: tuple = field(default_factory=tuple)


def classify_key_error(e: UserError) -> str:
    # forms.signing.keys: a damaged or missing key file is NotAReturn; a wrong passphrase a plain UserError.
    from forms.schema.errors import NotAReturn
    return KEY if isinstance(e, NotAReturn) else PASSPHRASE


class ExportWorker:
    """Unlocks the key, runs export_signed then verify_workbook (``outcome``, off the GUI thread)."""

    def __init__(self, ret: Return, previous: Return | None, key_path: Path,
                 passphrase: str, out_path: Path):
        # Copies: the officer may keep editing while the worker reads.
        self.ret = ret.model_copy(deep=True)
        self.previous = previous.model_copy(deep=True) if previous is not None else None
        self.key_path, self.passphrase, self.out_path = key_path, passphrase, out_path
        from desktop.crash import log_path
        self.log_file = log_path()

    def outcome(self) -> ExportOutcome | ExportFailure:
        try:
            return self._export()
        except _Failed as f:
            return f.failure
        except Exception:
            log.exception("Export failed unexpectedly")
            return ExportFailure(
                UNEXPECTED, "The export stopped because of an unexpected problem; your "
                f"return is unchanged. The details are in {self.log_file}.")
        finally:
            self.passphrase = ""

    def _export(self) -> ExportOutcome:
        from forms.signing.keys import load_private_key
        try:
            # Unlocked here rather than inside export_return, so a wrong passphrase is
            # told apart from every other refusal and reported against its own field.
            key, info = load_private_key(self.key_path, self.passphrase)
        except UserError as e:
            raise _Failed(ExportFailure(classify_key_error(e), str(e))) from None
        from forms.workbook.verify import verify_workbook
        from forms.workbook.export import ExportBlocked, export_signed
        try:
            result = export_signed(self.ret, key, info, self.out_path, previous=self.previous)
        except ExportBlocked as e:
            raise _Failed(ExportFailure(BLOCKED, str(e), tuple(e.findings))) from None
        except UserError as e:
            kind = KEY if "key belongs to" in str(e) else OUTPUT
            raise _Failed(ExportFailure(kind, str(e))) from None
        except OSError as e:
            raise _Failed(ExportFailure(OUTPUT, f"Cannot write {self.out_path}: "
                                                f"{e.strerror or e}. Choose another folder.")) from None
        return ExportOutcome(result, verify_workbook(Path(result.path)))


class _Failed(Exception):
    def __init__(self, failure: ExportFailure):
        super().__init__(failure.message)
        self.failure = failure
