"""A PDF for sign-off: every figure, the findings with their explanations, the benchmark
positions with the chosen actions, and a box to sign; `backoffice pdf DRAFT -o FILE.pdf`."""
import os
import subprocess
import sys

from forms.workbook.sign_off import sign_off_html
from project_paths import ROOT, SAMPLE
from validators.engine import check


def test_the_document_holds_the_return_its_checks_and_an_approval_box(sample):
    from forms.workbook.sign_off import rule_titles
    from validators.packs import load_pack
    html = sign_off_html(sample, check(sample), rule_titles(load_pack()))
    assert "Department for Children, Schools and Families (DCSF)" in html
    assert "0 errors; 1 query, 1 explained; 5 benchmarks, 5 short." in html
    assert "Savings line S3 (row 3): delivered £2,650,000" in html           # the finding
    assert sample.explanations["DELIVERED-LE-PLANNED@savings#3"][:30] in html   # its explanation
    assert "<td>HR staffing ratio</td>" in html and ">Short<" in html    # benchmark positions
    assert "1. recently entered into a Shared Services" in html              # the chosen action
    assert "2,694.5 FTE" in html and "Leasehold" in html                     # labels, one place
    assert "Approval" in html and "Signature" in html


def test_choices_read_as_labels_and_pounds_without_pence(sample):
    sample.savings[0].status = "on track"
    html = sign_off_html(sample, check(sample))
    assert "On track" in html and "on track<" not in html
    assert "10,695,000<" in html                          # a building's cost, whole pounds


def test_backoffice_pdf_writes_a_pdf(tmp_path):
    out = tmp_path / "approval.pdf"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    cmd = [sys.executable, "-c", "import sys; from desktop.launcher import main; sys.exit(main())"]
    r = subprocess.run([*cmd, "pdf", str(SAMPLE), "-o", str(out)], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert out.read_bytes().startswith(b"%PDF") and "pages for approval" in r.stdout
    r = subprocess.run([*cmd, "pdf", str(SAMPLE), "-o", str(out)], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and "already exists" in r.stderr


def _broken_words(html: str) -> list[str]:
    """Every table heading laid out as printed whose line breaks fall inside a word, and
    every table wider than the page."""
    from PySide6.QtGui import QTextTable
    from desktop.files.pdf import laid_out
    doc, body = laid_out(html)
    doc.pageCount()          # the whole document laid out
    broken = []
    frames = [doc.rootFrame()]
    while frames:
        frame = frames.pop()
        frames += frame.childFrames()
        if not isinstance(frame, QTextTable):
            continue
        if doc.documentLayout().frameBoundingRect(frame).width() > body.width() + 1:
            first = frame.cellAt(0, 0).firstCursorPosition().block().text()
            broken.append(f"a table wider than the page, headed {first!r}")
        for col in range(frame.columns()):
            cell = frame.cellAt(0, col)
            block = cell.firstCursorPosition().block()
            text, lines = block.text(), block.layout()
            for i in range(1, lines.lineCount()):
                at = lines.lineAt(i).textStart()
                if at and text[at - 1] not in " -/":
                    broken.append(text)
                    break
    return broken


def test_no_heading_is_broken_inside_a_word(qapp, sample):
    """"Workstation-s (desks)" or "StatusDue" in print reads as a fault: each heading
    wraps between words, the row's figures fit beneath it."""
    from forms.workbook.sign_off import rule_titles
    from validators.packs import load_pack
    html = sign_off_html(sample, check(sample), rule_titles(load_pack()))
    assert _broken_words(html) == []


def test_long_unbroken_text_still_fits_the_page(qapp, sample):
    """A building named with no spaces, a URL as evidence: the tables stay on the page."""
    sample.floor_space.buildings[0].name = "Sanctuary-Buildings_GreatSmithStreet_Westminster"[:40]
    sample.floor_space.buildings[1].name = "X" * 40
    sample.savings[0].evidence = "https://example.gov.uk/" + "a" * 150
    html = sign_off_html(sample, check(sample))
    assert _broken_words(html) == []
    assert "X" * 16 + "\u200b" in html and "X" * 17 not in html


def test_the_date_printed_is_written_as_a_person_writes_it(sample):
    from datetime import date
    html = sign_off_html(sample, check(sample), today=date(2026, 12, 4))
    assert "4 December 2026" in html and "04 December" not in html



def test_no_heading_is_left_alone_at_the_foot_of_a_page(qapp, sample):
    """The sample printed "Floor space" and "Buildings" at the foot of page 1 with their
    table overleaf, and "Baselines" at the foot of page 2: each heading now starts the
    next page with what it heads."""
    from desktop.files.pdf import laid_out, lone_headings
    from forms.workbook.sign_off import rule_titles
    from validators.packs import load_pack
    html = sign_off_html(sample, check(sample), rule_titles(load_pack()))
    doc, body = laid_out(html)
    assert lone_headings(doc, body.height()) == []
    # Any length: a heading pushed down by a paragraph at a time falls at a foot somewhere.
    for n in range(10, 120):          # 16, 34, 35, 71... left one alone before
        filler = "".join(f"<p>line {i}</p>" for i in range(n))
        doc, body = laid_out(f"<h1>Title</h1>{filler}<h2>Section</h2><h3>Part</h3>"
                             "<table><tr><td>a</td></tr><tr><td>b</td></tr></table>"
                             f"{filler}<h2>Last</h2><p>end</p>")
        assert lone_headings(doc, body.height()) == [], n
