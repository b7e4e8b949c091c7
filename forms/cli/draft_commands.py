"""Commands on drafts: organisations, new, validate, schema."""
from __future__ import annotations

import json
from pathlib import Path

from forms.cli import exit_codes
from forms.cli.registry import _no_args, format_option, output_option, register
from forms.schema.errors import NotAReturn, UserError
from forms.schema.wording import plural, severity_word
from forms.workbook.any_file import load_any


# --- organisations --------------------------------------------------------

@register("organisations", "list the reference bodies and their codes")(format_option)
def cmd_organisations(args) -> int:
    from forms.schema.organisations import organisations
    if args.format == "json":
        print(json.dumps([{"code": o.code, "name": o.name, "parent": o.parent or None}
                          for o in organisations()], indent=1, ensure_ascii=False))
        return 0
    for o in organisations():
        under = f"  (under {o.parent})" if o.parent else ""
        print(f"{o.code:<8} {o.name}{under}")
    return 0


# --- new ------------------------------------------------------------------

def _new_args(p):
    p.add_argument("--organisation", required=True, help="code or full name, any case")
    p.add_argument("--year", required=True, help="financial year, e.g. 2009-10")
    p.add_argument("--body", default="", help="name of the agency, ALB or local body")
    p.add_argument("--kind", choices=["outturn", "plan"], default="outturn",
                   help="outturn reports the year just ended, plan the year ahead "
                        "(default: outturn)")
    output_option(p, "draft file to write (.json); never overwritten")


@register("new", "start a blank return pre-filled with the body's commitments")(_new_args)
def cmd_new(args) -> int:
    from forms.drafts.new_return import new_return
    from validators.baselines import prefill
    from validators.packs import check_new_year
    check_new_year(args.year)
    ret = new_return(args.organisation, args.year, args.body, args.kind)
    prefill(ret)      # a Baselines row for each commitment that is a change
    if args.output.exists():
        raise UserError(f"{args.output} already exists; choose another name or delete it first.")
    _save(ret, args.output)
    print(f"Wrote {args.output}: {ret.envelope.organisation} {ret.envelope.financial_year}, "
          f"{plural(len(ret.savings), 'savings line')} and "
          f"{plural(len(ret.action_plan.actions), 'action')} "
          "pre-filled from the 2009 improvement plan.")
    if any(b.figure is None for b in ret.baselines):
        print(f"Fill in {plural(sum(b.figure is None for b in ret.baselines), 'baseline')} "
              "in the Baselines table (Commitments page), or import the baseline year's return.")
    return 0


def _save(ret, path: Path) -> None:
    from forms.drafts.store import save_draft
    try:
        save_draft(ret, path)
    except OSError as e:
        raise UserError(f"Cannot write {path}: {e.strerror or e}.") from None


# --- validate -------------------------------------------------------------

DRAFT_HELP = "the return: a draft (.json) or a signed workbook (.xlsx)"


def _validate_args(p):
    p.add_argument("draft", type=Path, help=DRAFT_HELP)
    p.add_argument("--previous", type=Path, help="last year's return, for year-on-year checks")
    p.add_argument("--pack", help="rule pack id or .toml file (default: the one the return names)")
    format_option(p)


def load_checked(args):
    """The return, last year's, and its report under the pack asked for."""
    from validators.engine import check
    from validators.packs import RulePackError, load_pack
    ret = load_any(args.draft)
    previous = with_previous(ret, args.previous)
    try:
        pack = load_pack(args.pack or ret.envelope.rule_pack)
    except RulePackError as e:
        raise NotAReturn(str(e)) from None
    return ret, check(ret, pack, previous)


def with_previous(ret, path: Path | None):
    """Last year's return from ``--previous``, used as the desktop's import uses it: refused
    if it is another body's or not earlier, and filling this year's blank baselines."""
    if path is None:
        return None
    from forms.drafts.next_year import check_previous
    from validators.baselines import prefill
    previous = load_any(path)
    check_previous(ret, previous, path.name)
    prefill(ret, earlier=[(previous, f"Return for {previous.envelope.financial_year} "
                                     f"({path.name})")])
    return previous


@register("validate", "check a return; exit 0 when nothing blocks submission")(_validate_args)
def cmd_validate(args) -> int:
    from validators.references import orphan_explanations, shortfalls_without_action
    try:
        ret, report = load_checked(args)
    except UserError as e:
        if args.format != "json":
            raise
        # A script reading JSON gets JSON even when the file is unreadable.
        code = exit_codes.UNREADABLE if isinstance(e, NotAReturn) else exit_codes.PROBLEMS
        print(json.dumps({"error": str(e), "file": str(args.draft), "can_submit": False},
                         indent=1, ensure_ascii=False))
        return code
    short = shortfalls_without_action(report, ret)
    if args.format == "json":
        print(json.dumps(dict(report.to_dict(), short_without_action=[f.key for f in short],
                              explanations_matching_nothing=orphan_explanations(report)),
                         indent=1, ensure_ascii=False))
    else:
        print(format_report(report, short))
    return 0 if report.can_submit else 1


def format_report(report, short=()) -> str:
    """Each finding with its severity, rule, key (for `backoffice explain`) and message."""
    lines = []
    for f in report.findings:
        tag = severity_word(f.severity)
        if f.severity == "query":
            tag += " (explained)" if report.explained(f) else " (to explain)"
        lines.append(f"{tag:<20} {f.message}")
        lines.append(f"{'':<20} key {f.key}")
    n_err, n_q = len(report.errors), len(report.queries)
    unexplained = sum(1 for f in report.queries if not report.explained(f))
    if short:
        lines.append("")
        lines.extend(shortfall_lines(short))
    from validators.references import orphan_explanations
    orphans = orphan_explanations(report)
    if orphans:
        lines.append("")
        lines.append(f"{plural(len(orphans), 'explanation')} {'matches' if len(orphans) == 1 else 'match'} "
                     "no finding (its query has gone, or the key is mistyped): "
                     + ", ".join(orphans)
                     + ". Remove one with: backoffice explain DRAFT KEY \"\"")
    lines.append("")
    lines.append(f"{plural(n_err, 'error')}, {plural(n_q, 'query')} of which {unexplained} "
                 f"unexplained, {plural(len(report.benchmarks), 'benchmark')}. "
                 f"Rule pack {report.pack_id}.")
    lines.append("Ready to export." if report.can_submit else
                 "Not ready: fix the errors and fix or explain the queries "
                 "(backoffice explain DRAFT KEY \"why\").")
    return "\n".join(lines)


def shortfall_lines(short) -> list[str]:
    """Benchmarks that fall short with no action from the plan chosen (never blocking)."""
    out = [f"{plural(len(short), 'benchmark')} {'falls' if len(short) == 1 else 'fall'} short "
           "with no action chosen from the action plan (choose one on the Benchmarks page):"]
    out += [f"  {f.rule_id}: {f.message}" for f in short]
    return out


# --- explain --------------------------------------------------------------

def _explain_args(p):
    p.add_argument("draft", type=Path, help="the draft (.json) to write the explanation into")
    p.add_argument("key", help="the finding's key, as `backoffice validate` prints it "
                               "(RULE@savings#3: row 3 of the savings lines)")
    p.add_argument("text", help="the explanation; an empty text \"\" removes it")
    p.add_argument("--previous", type=Path, help="last year's return, if its checks are meant")
    p.add_argument("--pack", help="rule pack id or .toml file (default: the one the return names)")


@register("explain", "explain a query in a draft, without the desktop program")(_explain_args)
def cmd_explain(args) -> int:
    from forms.drafts.store import load_draft
    from forms.schema.finding_keys import from_schema_3, is_old_form
    if args.draft.suffix.lower() != ".json":
        raise UserError(f"{args.draft.name} is not a draft: explanations are written into a "
                        ".json draft (import a signed workbook first).")
    load_draft(args.draft)               # a clear message for a damaged draft
    ret, report = load_checked(args)
    key = args.key.strip()
    if is_old_form(key):        # copied from an earlier version's output or draft
        key = from_schema_3(key)
    finding = next((f for f in report.findings if f.key == key), None)
    text = args.text.strip()
    if finding is None and not text and key in ret.explanations:
        # validate lists such explanations: removing one must be possible here too.
        ret.explanations = {k: v for k, v in ret.explanations.items() if k != key}
        _save(ret, args.draft)
        print(f"Removed the explanation of {key}, which matched no finding, in {args.draft}.")
        return 0
    if finding is None:
        keys = [f.key for f in report.queries] or ["(this return has no queries)"]
        raise UserError(f"No finding of this return has the key {args.key!r}; nothing was "
                        f"changed. Queries to explain: {', '.join(keys)}.")
    if key != args.key.strip():
        print(f"Note: {args.key.strip()} is a key as earlier versions wrote it, counting rows "
              f"from 0; it is {key} now: {finding.message}")
    if text:
        ret.explanations = {**ret.explanations, finding.key: text}
    else:
        ret.explanations = {k: v for k, v in ret.explanations.items() if k != finding.key}
    _save(ret, args.draft)
    if finding.severity != "query":
        print(f"Note: {finding.key} is {severity_word(finding.severity).lower()}, not a query: "
              "an explanation does not change whether it blocks export.")
    print(f"{'Explained' if text else 'Removed the explanation of'} {finding.key} in "
          f"{args.draft}.")
    return 0


# --- schema ---------------------------------------------------------------

@register("schema", "print the draft's JSON Schema")(_no_args)
def cmd_schema(args) -> int:
    from forms.schema.model import Return
    print(json.dumps(Return.model_json_schema(), indent=1, ensure_ascii=False))
    return 0


# --- codebook -------------------------------------------------------------

def _codebook_args(p):
    format_option(p, ("markdown", "csv"))


@register("codebook", "list every field: label, unit, help, bounds, workbook name")(_codebook_args)
def cmd_codebook(args) -> int:
    from forms.workbook.codebook import as_csv, as_markdown
    print(as_markdown() if args.format == "markdown" else as_csv(), end="")
    return 0
