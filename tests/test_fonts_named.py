"""Every font the workbooks use is named.

openpyxl writes Font(bold=True) as a font with no name; LibreOffice shows such a
cell in a serif font (looked at: the Cover's title, "Checks", the consolidated
Summary's labels and every table header), beside the Calibri of the rest."""
from __future__ import annotations

import zipfile
from xml.etree.ElementTree import fromstring

from consolidate_fixtures import consolidated, received  # noqa: F401 - fixtures
from workbook_fixtures import _signed_sample_master, signed  # noqa: F401 - fixtures

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _unnamed_fonts(path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        styles = fromstring(z.read("xl/styles.xml"))
    fonts = styles.find(f"{M}fonts")
    return [str([c.tag.removeprefix(M) for c in f]) for f in fonts
            if f.find(f"{M}name") is None]


def test_the_signed_return_names_every_font(signed):  # noqa: F811
    assert _unnamed_fonts(signed) == []


def test_the_consolidated_workbook_names_every_font(consolidated, tmp_path):  # noqa: F811
    from forms.consolidate.workbook import write_workbook
    assert _unnamed_fonts(write_workbook(consolidated, tmp_path / "c.xlsx")) == []
