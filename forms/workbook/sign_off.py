"""The return as one document for the senior officer who approves it (HTML).

Every figure, the findings with their explanations, and the benchmark positions
with the action chosen for each, ending in a box to sign. Plain HTML that Qt's
rich-text engine lays out; the desktop turns it into a PDF (desktop.pdf_export),
so the core stays free of Qt. Pure function of its arguments.
"""
from __future__ import annotations

import re
from datetime import date
from html import escape
from typing import Any

from forms.schema.fields import FieldDesc, Form
from forms.schema.kinds import TEXT
from forms.schema.spec import PAGES, RETURN
from forms.schema.version import VERSION
from forms.schema.wording import choice_label, plural, severity_word

TABLE_ROWS = 40
WIDE = 8            # columns beyond which a table prints smaller
STYLE = """
body { font-family: sans-serif; font-size: 9pt; }
h1 { font-size: 16pt; margin-bottom: 2pt; }
h2 { font-size: 12pt; margin-top: 14pt; border-bottom: 1px solid #999; }
h3 { font-size: 10pt; margin-top: 8pt; }
table { border-collapse: collapse; }   /* padding: each table's cellpadding; Qt reads no CSS one */
th { background: #DDEBF7; text-align: left; }
td, th { border: 1px solid #bbb; vertical-align: top; }
td.n { text-align: right; white-space: nowrap; }
td.k { white-space: nowrap; }
.small { font-size: 8pt; }
.note { color: #595959; }
.error { color: #C00000; font-weight: bold; }
.query { color: #9C5700; font-weight: bold; }
.short { color: #9C0006; font-weight: bold; }
"""


def shown(desc: FieldDesc, value: Any, unit: bool = True) -> str:
    """A value as the officer reads it: FTE to one place, pounds whole unless pence were typed,
    choices by their label. ``unit=False`` in a table, whose header names the unit."""
    if value is None or value == "":
        return "—"
    return desc.codec.shown(desc, value, unit) or "—"


def _cell_class(d: FieldDesc) -> str:
    """Numbers right-aligned, and neither they nor a choice ("Leasehold") broken over lines."""
    return "n" if d.codec.numeric else "k" if d.codec.options(d) else ""


LONG_WORD = re.compile(r"\S{25,}")
BREAK = "\u200b"      # a zero-width space: where a word too long for its column may break


def _breakable(match: re.Match) -> str:
    word = match.group(0)
    return BREAK.join(word[i:i + 16] for i in range(0, len(word), 16))


def _e(text: Any) -> str:
    """Text for a cell. The PDF breaks lines between words only (desktop/files/pdf.py: so
    that no heading splits mid-word); a word too long for any column (a URL, a reference
    with no spaces) may still break, every 16 characters."""
    return escape(LONG_WORD.sub(_breakable, str(text))).replace("\n", "<br>")


def _scalars(form: Form, obj: Any, depth: int = 0) -> list[str]:
    rows = []
    for d in form.fields:
        if d.codec.holds_fields:
            rows.append(f"<tr><td colspan='2'><b>{'&nbsp;' * 4 * depth}{_e(d.label)}</b></td></tr>")
            rows += _scalars(d.form, getattr(obj, d.name), depth + 1)
        elif d.codec.holds_rows:
            continue
        else:
            num = " class='n'" if d.codec.numeric else ""
            rows.append(f"<tr><td>{'&nbsp;' * 4 * depth}{_e(d.label)}</td>"
                        f"<td{num}>{_e(shown(d, getattr(obj, d.name)))}</td></tr>")
    return rows


def _long(d: FieldDesc) -> bool:
    """Running text (a description, the evidence): printed across the page under its row."""
    return d.codec is TEXT and (d.multiline or (d.max_length or 0) > 200)


def _table(form: Form, items: list, word: str) -> str:
    if not items:
        return f"<p class='note'>No {word}s.</p>"
    columns = [d for d in form.fields if not _long(d)]
    running = [d for d in form.fields if _long(d)]
    # A table of many columns (savings lines: ten) prints a point smaller, to fit the page
    # with no word broken (tests/test_pdf_for_approval.py lays it out to check). Qt reads
    # a font size on each cell, not on the table; an inline style would drop the borders.
    small = len(columns) > WIDE

    def cls(*names: str) -> str:
        names = tuple(n for n in names if n) + (("small",) if small else ())
        return f" class='{' '.join(names)}'" if names else ""
    head = f"<tr><th{cls()}>#</th>" + "".join(
        f"<th{cls()}>{_e(d.label)}{' (' + _e(d.unit) + ')' if d.unit else ''}</th>"
        for d in columns) + "</tr>"
    body = []
    for i, item in enumerate(items, 1):
        cells = "".join(f"<td{cls(_cell_class(d))}>"
                        f"{_e(shown(d, getattr(item, d.name), unit=False))}</td>"
                        for d in columns)
        row = f"<tr><td{cls('n')}>{i}</td>{cells}</tr>"
        texts = [(d.label, getattr(item, d.name)) for d in running if getattr(item, d.name)]
        if texts:
            row += (f"<tr><td{cls()}></td><td colspan='{len(columns)}'{cls()}>"
                    + "<br>".join(f"<i>{_e(label)}:</i> {_e(text)}" for label, text in texts)
                    + "</td></tr>")
        body.append(row)
    # Tables of a few dozen rows, each with its header: Qt lays out one huge
    # table very slowly, and a printed page then repeats the headings.
    return "".join(f"<table width='100%' cellpadding='2'>{head}"
                   f"{''.join(body[i:i + TABLE_ROWS])}</table>"
                   for i in range(0, len(body), TABLE_ROWS))


def _page(ret: Any, page: str) -> str:
    desc = RETURN.by_name[page]
    out = [f"<h2>{_e(desc.label)}</h2>"]
    if desc.codec.holds_rows:
        out.append(_table(desc.form, getattr(ret, page), desc.label.lower().rstrip("s")))
        return "".join(out)
    form, obj = desc.form, getattr(ret, page)
    rows = _scalars(form, obj)
    if rows:
        out.append(f"<table cellpadding='2'>{''.join(rows)}</table>")
    for d in form.fields:
        if d.codec.holds_rows:
            out.append(f"<h3>{_e(d.label)}</h3>")
            out.append(_table(d.form, getattr(obj, d.name), d.label.lower().rstrip("s")))
    return "".join(out)


def _findings(report) -> str:
    shown_findings = [f for f in report.findings if f.severity != "benchmark"]
    if not shown_findings:
        return "<p>No errors or queries.</p>"
    rows = []
    for f in shown_findings:
        expl = report.explanations.get(f.key, "").strip()
        state = ("explained" if expl else "not explained") if f.severity == "query" else "to fix"
        rows.append(f"<tr><td class='{f.severity}'>{severity_word(f.severity)} ({state})</td>"
                    f"<td>{_e(f.message)}</td><td>{_e(expl) or '—'}</td></tr>")
    return ("<table width='100%' cellpadding='2'><tr><th>Finding</th><th>What the check says</th>"
            "<th>Officer's explanation</th></tr>" + "".join(rows) + "</table>")


def _benchmarks(ret, report, titles: dict[str, str]) -> str:
    if not report.benchmarks:
        return "<p>No benchmarks apply.</p>"
    actions = ret.action_plan.actions
    rows = []
    for f in report.benchmarks:
        chosen = str(ret.benchmark_actions.get(f.key, "")).strip()
        if chosen.isdigit() and 1 <= int(chosen) <= len(actions):
            act = f"{chosen}. {actions[int(chosen) - 1].text}"
        else:
            act = "none chosen" if f.status == "short" else "—"
        cls = " class='short'" if f.status == "short" else ""
        rows.append(f"<tr><td>{_e(titles.get(f.rule_id) or f.rule_id)}</td><td>{_e(f.message)}</td>"
                    f"<td{cls}>{_e(f.status.capitalize())}</td><td>{_e(f.due or '—')}</td>"
                    f"<td>{_e(act)}</td></tr>")
    return ("<table width='100%' cellpadding='2'><tr><th>Benchmark</th><th>Position</th>"
            "<th>Status</th>"
            "<th>Due</th><th>Action from the plan</th></tr>" + "".join(rows) + "</table>")


def summary(report) -> str:
    explained = sum(1 for f in report.queries if report.explained(f))
    short = sum(1 for f in report.benchmarks if f.status == "short")
    return (f"{plural(len(report.errors), 'error')}; {plural(len(report.queries), 'query')}, "
            f"{explained} explained; {plural(len(report.benchmarks), 'benchmark')}, "
            f"{short} short.")


def sign_off_html(ret, report, titles: dict[str, str] | None = None,
                  today: date | None = None) -> str:
    """The whole return with its checks, as HTML for the approving officer."""
    env = ret.envelope
    try:
        from forms.schema.organisations import find_organisation
        org_name = f"{find_organisation(env.organisation).name} ({env.organisation})"
    except Exception:    # an unknown code still prints: the checks say what is wrong
        org_name = env.organisation or "No organisation"
    who = org_name + (f", {env.body_name}" if env.body_name else "")
    p = env.preparer
    ready = ("Nothing blocks submission." if report.can_submit else
             "<span class='error'>Not ready to submit: errors to fix or queries to explain "
             "remain.</span>")
    parts = [
        f"<html><head><style>{STYLE}</style></head><body>",
        f"<h1>Back-office return: {_e(who)}</h1>",
        f"<p>{_e(env.financial_year or 'Year not given')}, "
        f"{_e(choice_label(env.return_kind).lower())}. Prepared by {_e(p.name or '—')}"
        f"{', ' + _e(p.role) if p.role else ''}{' (' + _e(p.email) + ')' if p.email else ''}. "
        f"Checked against rule pack {_e(report.pack_id)}.</p>",
        f"<p><b>Checks:</b> {_e(summary(report))} {ready}</p>",
        "<h2>Findings and explanations</h2>", _findings(report),
        "<h2>Benchmark positions</h2>", _benchmarks(ret, report, titles or {}),
    ]
    parts += [_page(ret, page) for page in PAGES]
    day = today or date.today()
    when = f"{day.day} {day:%B %Y}"          # "4 December 2026", as a person writes it
    parts += [
        "<h2>Approval</h2>",
        "<p>I have reviewed this return, its findings and the explanations given, and "
        "approve its submission to HM Treasury.</p>",
        "<table width='100%' cellpadding='2'><tr><td width='30%'>Name</td><td>&nbsp;</td></tr>"
        "<tr><td>Role</td><td>&nbsp;</td></tr><tr><td>Signature</td><td><br><br></td></tr>"
        "<tr><td>Date</td><td>&nbsp;</td></tr></table>",
        f"<p class='note'>Printed {when} by Back Office Return {VERSION}. This document is for "
        "approval; the signed workbook (.xlsx) is what is submitted.</p>",
        "</body></html>",
    ]
    return "".join(parts)


def rule_titles(pack) -> dict[str, str]:
    return {r.id: r.spec.title for r in pack.rules if r.spec.title} if pack else {}
