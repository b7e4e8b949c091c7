"""Commands for keys and signed workbooks: keys, export, payload, verify, import."""
from __future__ import annotations

import getpass
import json
import os
import sys
from pathlib import Path

from forms.cli.registry import format_option, output_option, refuse_to_overwrite, register
from forms.cli.exit_codes import EPILOG
from forms.cli.safe_text import json_text, printable
from forms.schema.wording import choice_label, plural, severity_word
from forms.workbook.any_file import load_any
from forms.schema.errors import NotAReturn, UserError

PASSPHRASE_ENV = "BACKOFFICE_PASSPHRASE"


def read_passphrase(prompt: str, confirm: bool = False) -> str:
    """From BACKOFFICE_PASSPHRASE, else a hidden prompt (twice when ``confirm``)."""
    env = os.environ.get(PASSPHRASE_ENV)
    if env:
        return env
    if not (sys.stdin and sys.stdin.isatty()):
        raise UserError(f"A passphrase is needed: run this in a terminal, or set {PASSPHRASE_ENV}.")
    try:
        first = getpass.getpass(prompt)
        if confirm:
            from forms.signing.keys import check_passphrase
            check_passphrase(first)
            if getpass.getpass("Type it again: ") != first:
                raise UserError("The two passphrases differ; nothing was written. Try again.")
    except EOFError:
        raise UserError("No passphrase was typed.") from None
    return first


# --- keys -------------------------------------------------------------------------

def _keys_args(p):
    sub = p.add_subparsers(dest="keys_command", metavar="ACTION", required=True,
                           help="generate a key, or show the public key of one")
    g = sub.add_parser("generate", help="make a signing key for an organisation",
                       description="Make a signing key, sealed under a passphrase "
                                   f"(prompted for, or from {PASSPHRASE_ENV}).", epilog=EPILOG)
    g.add_argument("--organisation", required=True, help="organisation code, e.g. DCSF")
    output_option(g, "key file to write, e.g. dcsf.key (readable by you only; never overwritten)")
    pub = sub.add_parser("public", help="print a key file's public key and fingerprint",
                         description="Print the public key (PEM) and fingerprint to file "
                                     "with HM Treasury. No passphrase needed.", epilog=EPILOG)
    pub.add_argument("keyfile", type=Path, help="the signing key file (.key)")
    output_option(pub, "also write the public key to this .pem file", required=False)
    pub.add_argument("--force", action="store_true", help="replace the .pem file if it exists")
    format_option(pub)


@register("keys", "make a signing key, or show its public key")(_keys_args)
def cmd_keys(args) -> int:
    from forms.signing.keys import generate_keyfile, read_key_info
    if args.keys_command == "generate":
        if args.output.is_dir():
            raise UserError(f"{args.output} is a folder: give the key a file name in it, e.g. "
                            f"{args.output / 'signing.key'}.")
        if args.output.exists():
            raise UserError(f"{args.output} already exists; a key file is never overwritten. "
                            "Choose another name.")
        from forms.schema.organisations import find_organisation
        org = find_organisation(args.organisation)
        info = generate_keyfile(org.code, read_passphrase(
            f"Passphrase for {org.code}'s new signing key: ", confirm=True), args.output)
        print(f"Wrote {args.output}: signing key for {info.organisation}, fingerprint "
              f"{info.fingerprint}.")
        print(f"Keep it and its passphrase safe. File the public key with HM Treasury: "
              f"backoffice keys public {args.output} -o {info.organisation}.pem")
        return 0
    info = read_key_info(args.keyfile)
    if args.output:
        from forms.signing.keys import write_public_key
        refuse_to_overwrite(args.output, args.force)
        write_public_key(info, args.output)
    if args.format == "json":
        print(json.dumps({"organisation": info.organisation, "fingerprint": info.fingerprint,
                          "created": info.created, "public_key_pem": info.public_pem,
                          "written_to": str(args.output) if args.output else None}, indent=1))
        return 0
    if args.output:
        print(f"Wrote {args.output}. File it with HM Treasury; it holds no secret.")
    print(f"Organisation: {info.organisation}")
    print(f"Fingerprint:  {info.fingerprint}")
    print(f"Created:      {info.created}")
    print(info.public_pem, end="")
    return 0


# --- export -----------------------------------------------------------------------

def _export_args(p):
    p.add_argument("draft", type=Path, help="the draft (.json) to sign")
    p.add_argument("--key", required=True, type=Path, help="the organisation's key file")
    output_option(p, "workbook to write (.xlsx)")
    p.add_argument("--force", action="store_true", help="replace the workbook if it exists")
    p.add_argument("--previous", type=Path, help="last year's return, for year-on-year checks")
    format_option(p)


@register("export", "sign a return and write the submission workbook (.xlsx)")(_export_args)
def cmd_export(args) -> int:
    from forms.signing.keys import read_key_info
    from forms.workbook.export import ExportBlocked, check_key_owner, export_return
    refuse_to_overwrite(args.output, args.force)
    ret = load_any(args.draft)
    from forms.cli.draft_commands import with_previous
    previous = with_previous(ret, args.previous)
    info = read_key_info(args.key)
    check_key_owner(info, ret)
    report = None
    try:
        from validators.engine import check
        report = check(ret, None, previous)
    except UserError:
        pass    # a missing pack is reported by export_return itself
    if report is not None and report.blocking:
        _print_blocking(ExportBlocked(report.blocking), args.format)
        return 1
    passphrase = read_passphrase(f"Passphrase for {args.key.name} ({info.organisation}, "
                                 f"{info.fingerprint}): ")
    try:
        res = export_return(ret, args.key, passphrase, args.output, previous=previous)
    except ExportBlocked as e:
        _print_blocking(e, args.format)
        return 1
    from validators.references import shortfalls_without_action
    short = shortfalls_without_action(report, ret) if report is not None else []
    if args.format == "json":
        print(json.dumps({"written": str(res.path), "submission_id": res.submission_id,
                          "key_fingerprint": res.fingerprint, "signed_at": res.signed_at,
                          "short_without_action": [f.key for f in short]}, indent=1))
        return 0
    print(f"Wrote {res.path}: signed by key {res.fingerprint} at {res.signed_at}, "
          f"submission {res.submission_id}.")
    if short:
        from forms.cli.draft_commands import shortfall_lines
        print("\n".join(shortfall_lines(short)))
    return 0


def _print_blocking(e, fmt: str = "text") -> None:
    if fmt == "json":
        print(json.dumps({"error": "Cannot export: fix the errors and fix or explain the "
                                   "queries.", "blocking": [f.to_dict() for f in e.findings]},
                         indent=1, ensure_ascii=False))
        return
    print("backoffice: cannot export; fix the errors and fix or explain the queries:",
          file=sys.stderr)
    for f in e.findings:
        print(f"  {severity_word(f.severity):<6} {f.message}\n  {'':<6} key {f.key}",
              file=sys.stderr)


# --- payload ----------------------------------------------------------------------

def _payload_args(p):
    p.add_argument("workbook", type=Path, help="the signed workbook (.xlsx)")
    output_option(p, "folder to write the three files to")


@register("payload", "extract the signed bytes, signature and public key for openssl")(_payload_args)
def cmd_payload(args) -> int:
    from forms.signing import payload as signing
    from forms.drafts.atomic import write_atomic
    from forms.workbook.verify import Damaged, open_signed
    from forms.workbook.strict import open_strict
    with open_strict(args.workbook) as gw:
        try:
            _, parts, payload = open_signed(gw, check=False)
        except Damaged as e:
            raise UserError(f"{args.workbook.name}: the signed data is damaged ({e}).") from None
    pem = payload["public_key_pem"]
    try:
        args.output.mkdir(parents=True, exist_ok=True)
        write_atomic(args.output / "payload.json", parts.data)
        write_atomic(args.output / "payload.sig", parts.signature)
        write_atomic(args.output / "public.pem", pem.encode("ascii"))
    except OSError as e:
        raise UserError(f"Cannot write to {args.output}: {e.strerror or e}.") from None
    ok = signing.signature_ok(pem, parts.data, parts.signature)
    print(f"Wrote payload.json ({len(parts.data):,} bytes), payload.sig and public.pem "
          f"to {args.output}.")
    print(printable(f"Key fingerprint {payload['submission'].get('key_fingerprint')}; the "
                    "signature " + ("checks." if ok else "does NOT match the data.")))
    print(f"Check it with openssl: openssl pkeyutl -verify -pubin -inkey {args.output / 'public.pem'} "
          f"-rawin -in {args.output / 'payload.json'} -sigfile {args.output / 'payload.sig'}")
    return 0 if ok else 1


# --- verify -----------------------------------------------------------------------

def _verify_args(p):
    p.add_argument("workbooks", type=Path, nargs="+", metavar="RETURN.xlsx",
                   help="signed workbooks to check")
    p.add_argument("--keyring", type=Path,
                   help="folder of public keys filed per organisation (DIR/CODE/*.pem or DIR/CODE.pem)")
    p.add_argument("--pack", help="rule pack id or .toml file to recheck the findings with")
    format_option(p)


def format_result(r) -> str:
    if r.ok:
        kind = choice_label(r.return_kind).lower() if r.return_kind else ""
        who = " ".join(x for x in (r.organisation, r.body_name, r.financial_year, kind) if x)
        key = f"key {r.fingerprint}" + ("" if r.key_checked else " (not checked: no --keyring)")
        line = f"OK       {r.path}  {who}  {key}  signed {r.signed_at}"
    else:
        tag = "INVALID " if r.readable else "UNREADABLE"
        line = f"{tag} {r.path}: {'; '.join(r.problems)}"
    return printable(line)


@register("verify", "check signed workbooks: signature, every value, findings, key")(_verify_args)
def cmd_verify(args) -> int:
    from forms.signing.keys import load_keyring
    from forms.workbook.verify import verify_workbook
    ring = load_keyring(args.keyring) if args.keyring else None
    pack = None
    if args.pack:
        from validators.packs import RulePackError, load_pack
        try:
            pack = load_pack(args.pack)
        except RulePackError as e:
            raise NotAReturn(str(e)) from None
    results = [verify_workbook(p, ring, pack) for p in args.workbooks]
    n_ok = sum(r.ok for r in results)
    n_bad = sum(1 for r in results if not r.ok and r.readable)
    n_unread = sum(1 for r in results if not r.readable)
    if args.format == "json":
        print(json_text({"files": [r.to_dict() for r in results],
                         "summary": {"valid": n_ok, "invalid": n_bad, "unreadable": n_unread}},
                        indent=1, ensure_ascii=False))
    else:
        for r in results:
            print(format_result(r))
        print(f"\n{plural(len(results), 'file')}: {n_ok} valid, {n_bad} invalid, "
              f"{n_unread} unreadable.")
    return 2 if n_unread else (1 if n_bad else 0)


# --- import -----------------------------------------------------------------------

def _import_args(p):
    p.add_argument("workbook", type=Path, help="the signed workbook (.xlsx)")
    output_option(p, "draft to write (.json)")
    p.add_argument("--force", action="store_true", help="replace the draft if it exists")
    p.add_argument("--next-year", action="store_true",
                   help="start next year's return from this one (year + 1, explanations cleared)")


@register("import", "turn a signed workbook back into a draft (.json)")(_import_args)
def cmd_import(args) -> int:
    from forms.drafts.store import save_draft
    from forms.drafts.next_year import next_year
    from forms.workbook.to_draft import import_workbook
    refuse_to_overwrite(args.output, args.force)
    ret = import_workbook(args.workbook)
    if args.next_year:
        from validators.baselines import prefill
        old = ret
        ret = next_year(old)
        filled = prefill(ret, earlier=[(old, f"Signed return for {old.envelope.financial_year} "
                                             f"({Path(args.workbook).name})")])
    try:
        save_draft(ret, args.output)
    except OSError as e:
        raise UserError(f"Cannot write {args.output}: {e.strerror or e}.") from None
    env = ret.envelope
    print(f"Wrote {args.output}: {env.organisation} {env.financial_year} "
          f"{choice_label(env.return_kind).lower()}, {plural(len(ret.savings), 'savings line')}, "
          f"{plural(len(ret.explanations), 'explanation')}.")
    if args.next_year:
        if filled:
            print(f"Baselines filled in from {Path(args.workbook).name}: {', '.join(filled)}.")
        print(f"Check it year on year with: backoffice validate {args.output} "
              f"--previous {args.workbook}")
    return 0
