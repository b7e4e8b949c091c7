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
