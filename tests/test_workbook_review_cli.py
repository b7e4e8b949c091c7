"""The command line as people get it wrong: the wrong key is named before any passphrase is asked."""
import pytest

from forms.cli.main import main
from forms.drafts.store import load_draft
from forms.schema.errors import UserError
from forms.workbook.export import export_return
from workbook_fixtures import SAMPLE, PASS, fast_keys  # noqa: F401


@pytest.fixture
def hmrc_key(fast_keys, tmp_path):
    path = tmp_path / "hmrc.key"
    fast_keys.generate_keyfile("HMRC", PASS, path)
    return path


def test_export_with_another_organisations_key_says_so_before_asking_the_passphrase(
        hmrc_key, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("BACKOFFICE_PASSPHRASE", raising=False)   # and no terminal under pytest
    code = main(["export", str(SAMPLE), "--key", str(hmrc_key), "-o", str(tmp_path / "r.xlsx")])
    err = capsys.readouterr().err
    assert code == 1
    assert "belongs to HMRC" in err and "DCSF" in err and "passphrase" not in err.lower()


def test_another_organisations_key_is_refused_whatever_passphrase_is_typed(hmrc_key, tmp_path):
    with pytest.raises(UserError, match="belongs to HMRC"):
        export_return(load_draft(SAMPLE), hmrc_key, "not the passphrase at all",
                      tmp_path / "r.xlsx")


def test_keys_generate_into_a_folder_asks_for_a_file_name(tmp_path, monkeypatch, capsys):
    from forms.cli.main import main
    monkeypatch.setenv("BACKOFFICE_PASSPHRASE", "correct horse battery")
    assert main(["keys", "generate", "--organisation", "DCSF", "--out", str(tmp_path)]) == 1
    assert "is a folder" in capsys.readouterr().err
