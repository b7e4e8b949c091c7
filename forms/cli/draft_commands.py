"""Commands on drafts: organisations, new, validate, schema."""
from __future__ import annotations

import json
from pathlib import Path

from forms.cli.registry import _no_args, register
from forms.schema.errors import NotAReturn, UserError
from forms.workbook.any_file import load_any


# --- organisations --------------------------------------------------------

@register("organisations", "list the reference bodies and their codes")(_no_args)
def cmd_organisations(args) -> int:
    from forms.schema.organisations import organisations
    for o in organisations():
        under = f"  (under {o.parent})" if o.parent else ""
        print(f"{o.code:<8} {o.name}{under}")
    return 0


# --- new ------------------------------------------------------------------

def _new_args(p):
    p.add_argument("--organisation", required=True, help="code or full name, any case")
    p.add_argument("--year", required=True, help="financial year, e.g. 2009-10")
    p.add_argument("--body", default="", help="name of the agency, ALB or local body")
    p.add_argument("--kind", choices=["outturn", "plan"], default="outturn")
    p.add_argument("-o", "--output", required=True, type=Path, help="draft file to write")


@register("new", "start a blank return pre-filled with the body's commitments")(_new_args)
def cmd_new(args) -> int:
    from forms.drafts.new_return import new_return
    ret = new_return(args.organisation, args.year, args.body, args.kind)
    if args.output.exists():
        raise UserError(f"{args.output} already exists; choose another name or delete it first.")
    _save(ret, args.output)
    print(f"Wrote {args.output}: {ret.envelope.organisation} {ret.envelope.financial_year}, "
          f"{len(ret.savings)} savings line(s) and {len(ret.action_plan.actions)} action(s) "
          "pre-filled from the 2009 improvement plan.")
    return 0


def _save(ret, path: Path) -> None:
    from forms.drafts.store import save_draft
    try:
        save_draft(ret, path)
    except OSError as e:
        raise UserError(f"Cannot write {path}: {e.strerror or e}.") from None


# --- validate -------------------------------------------------------------

def _validate_args(p):
    p.add_argument("draft", type=Path)
    p.add_argument("--previous", type=Path, help="last year's return, for year-on-year checks")
    p.add_argument("--pack", help="rule pack id or .toml file (default: the one the return names)")
    p.add_argument("--format", choices=["text", "json"], default="text")


@register("validate", "check a return; exit 0 when nothing blocks submission")(_validate_args)
def cmd_validate(args) -> int:
    from validators.engine import check
    from validators.packs import RulePackError, load_pack
    ret = load_any(args.draft)
    previous = load_any(args.previous) if args.previous else None
    try:
        pack = load_pack(args.pack or ret.envelope.rule_pack)
    except RulePackError as e:
        raise NotAReturn(str(e)) from None
    report = check(ret, pack, previous)
    if args.format == "json":
        print(json.dumps(report.to_dict(), indent=1, ensure_ascii=False))
    else:
        print(format_report(report))
    return 0 if report.can_submit else 1


def format_report(report) -> str:
    lines = []
    for f in report.findings:
        tag = f.severity.upper()
        if f.severity == "query" and report.explained(f):
            tag = "QUERY (explained)"
        lines.append(f"{tag:<18} {f.rule_id:<28} {f.message}")
    n_err, n_q = len(report.errors), len(report.queries)
    unexplained = sum(1 for f in report.queries if not report.explained(f))
    lines.append("")
    lines.append(f"{n_err} error(s), {n_q} query(ies) of which {unexplained} unexplained, "
                 f"{len(report.benchmarks)} benchmark(s). Rule pack {report.pack_id}.")
    lines.append("Ready to export." if report.can_submit else
                 "Not ready: fix the errors and fix or explain the queries.")
    return "\n".join(lines)


# --- schema ---------------------------------------------------------------

@register("schema", "print the draft's JSON Schema")(_no_args)
def cmd_schema(args) -> int:
    from forms.schema.model import Return
    print(json.dumps(Return.model_json_schema(), indent=1, ensure_ascii=False))
    return 0
