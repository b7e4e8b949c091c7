"""The Cover and Checks sheets: who signed what, and every finding.

Layout 3 adds the organisation's full name and a summary of the checks to the
Cover (what an analyst looks for first), and shows severities as words.
"""
from __future__ import annotations

from typing import Any

from forms.schema.fields import describe
from forms.schema.spec import ENVELOPE, PREPARER
from forms.schema.wording import choice_label, plural, severity_word
from forms.workbook.layout import VERIFY_LINES, Sheet, _title, _widths, col_letter, display_text




def checks_summary(sheet, p: dict, row: int) -> int:
    """A "Checks" block from the signed findings at ``row``; returns the next free row."""
    findings = [f for f in (p.get("check") or {}).get("findings") or [] if isinstance(f, dict)]
    errors = sum(1 for f in findings if f.get("severity") == "error")
    queries = [f for f in findings if f.get("severity") == "query"]
    explained = sum(1 for f in queries if str(f.get("explanation") or "").strip())
    marks = [f for f in findings if f.get("severity") == "benchmark"]
    short = sum(1 for f in marks if f.get("status") == "short")
    lines = (("Errors", plural(errors, "error")),
             ("Queries explained", f"{explained:,} of {plural(len(queries), 'query')}"),
             ("Benchmarks short", f"{short:,} of {plural(len(marks), 'benchmark')}"))
    sheet.put(row, 1, "Checks", "subhead")
    for i, (label, text) in enumerate(lines, 1):
        sheet.put(row + i, 1, label, "label")
        sheet.put(row + i, 2, text, "text", data=True, where=f"Checks summary: {label.lower()}")
    return row + len(lines) + 1


def cover_sheet(p: dict, ret: dict, v3: bool = False) -> Sheet:
    sheet = Sheet("Cover")
    env = ret.get("envelope") or {}
    sub, pack = p["submission"], p["rule_pack"]
    _title(sheet, "Back-office benchmarking return to HM Treasury",
           "Signed submission workbook made by Back Office Return. The values on every sheet "
           "are covered by the signature.")
    rows: list[tuple[str, Any, str]] = []
    for name in ("organisation", "body_name", "financial_year", "return_kind"):
        rows.append((describe(ENVELOPE, name).label, env.get(name), f"envelope.{name}"))
    prep = env.get("preparer") or {}
    for name in ("name", "role", "email", "phone"):
        rows.append((f"Preparer: {describe(PREPARER, name).label.lower()}", prep.get(name),
                     f"envelope.preparer.{name}"))
    rows += [
        ("Rule pack", pack.get("id"), "rule_pack.id"),
        ("Rule pack version", pack.get("version"), "rule_pack.version"),
        ("Rule pack SHA-256", pack.get("sha256"), "rule_pack.sha256"),
        ("Program version", (p.get("program") or {}).get("version"), "submission.program_version"),
        ("Submission ID", sub.get("id"), "submission.id"),
        ("Signed at (UTC)", sub.get("signed_at"), "submission.signed_at"),
        ("Key fingerprint", sub.get("key_fingerprint"), "submission.key_fingerprint"),
        ("Key issued to", sub.get("key_organisation"), "submission.key_organisation"),
    ]
    row = 4
    for label, value, name in rows:
        sheet.put(row, 1, label, "label")
        where = label
        if v3 and name == "envelope.return_kind" and value:
            value = choice_label(str(value))
        sheet.put(row, 2, display_text("" if value is None else str(value), where), "text",
                  data=True, where=where, name=name)
        row += 1
    if v3:
        # The organisation's name from the signed data (the reference list of the day).
        sheet.put(4, 3, display_text(str(sub.get("organisation_name") or ""), "the name"),
                  "text", data=True, where="Organisation's name")
        row = checks_summary(sheet, p, row + 1)
    row += 1
    sheet.put(row, 1, "How to verify this return", "subhead")
    for i, line in enumerate(VERIFY_LINES, 1):
        # Layout 3 wraps the steps in column B, so they print within the page.
        sheet.put(row + i, 2 if v3 else 1, line, "wrap" if v3 else "note")
    _widths(sheet, [28, 70] + ([48] if v3 else []))
    return sheet


def checks_sheet(p: dict, v3: bool = False) -> Sheet:
    sheet = Sheet("Checks")
    _title(sheet, "Checks", f"Every finding of rule pack {p['rule_pack'].get('id')} "
                            f"{p['rule_pack'].get('version')}, with the officer's explanations.")
    heads = ("#", "Severity", "Rule", "Message", "Officer's explanation", "Finding key")
    for c, h in enumerate(heads, 1):
        sheet.put(3, c, h, "header")
    findings = (p.get("check") or {}).get("findings") or []
    for i, f in enumerate(findings):
        r, n = 4 + i, i + 1
        sheet.put(r, 1, n, "index")
        for c, (key, style) in enumerate((("severity", "text"), ("rule", "text"),
                                          ("message", "wrap"), ("explanation", "wrap"),
                                          ("key", "text")), 2):
            where = f"{heads[c - 1]}, finding {n}"
            text = str(f.get(key) or "")
            if v3 and key == "severity":
                text = severity_word(text)
            sheet.put(r, c, display_text(text, where),
                      "sev:" + str(f.get("severity")) if key == "severity" else style,
                      data=True, where=where)
    last = max(4, 3 + len(findings))
    sheet.names["checks"] = f"$A$4:$F${last}"
    for c, n in enumerate(("severity", "rule", "message", "explanation", "key"), 2):
        sheet.names[f"checks.{n}"] = f"${col_letter(c)}$4:${col_letter(c)}${last}"
    sheet.freeze = "A4"
    if v3:     # rules and keys in full (they do not wrap: no spaces)
        longest = [max((len(str(f.get(k) or "")) for f in findings), default=0) + 2
                   for k in ("rule", "key")]
        _widths(sheet, [5, 11, max(12, min(30, longest[0])), 40, 36, max(14, min(40, longest[1]))])
    else:
        _widths(sheet, [5, 11, 26, 70, 60, 30])
    return sheet
