"""Commands for keys and signed workbooks: keys, export, payload, verify, import."""
from __future__ import annotations

import getpass
import json
import os
import sys
from pathlib import Path

from forms.cli.registry import register
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
    sub = p.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    g = sub.add_parser("generate", help="make a signing key for an organisation",
                       description="Make a signing key, sealed under a passphrase "
                                   f"(prompted for, or from {PASSPHRASE_ENV}).")
    g.add_argument("--organisation", required=True, help="organisation code, e.g. DCSF")
    g.add_argument("--out", required=True, type=Path, help="key file to write, e.g. dcsf.key")
    pub = sub.add_parser("public", help="print a key file's public key and fingerprint",
                         description="Print the public key (PEM) and fingerprint to file "
                                     "with HM Treasury. No passphrase needed.")
    pub.add_argument("keyfile", type=Path)
    pub.add_argument("--out", type=Path, help="also write the public key to this .pem file")


@register("keys", "make a signing key, or show its public key")(_keys_args)
def cmd_keys(args) -> int:
    from forms.signing.keys import generate_keyfile, read_key_info
    if args.keys_command == "generate":
        if args.out.is_dir():
            raise UserError(f"{args.out} is a folder: give the key a file name in it, e.g. "
                            f"{args.out / 'signing.key'}.")
        if args.out.exists():
            raise UserError(f"{args.out} already exists; a key file is never overwritten. "
                            "Choose another name.")
        from forms.schema.organisations import find_organisation
        org = find_organisation(args.organisation)
        info = generate_keyfile(org.code, read_passphrase(
            f"Passphrase for {org.code}'s new signing key: ", confirm=True), args.out)
        print(f"Wrote {args.out}: signing key for {info.organisation}, fingerprint "
              f"{info.fingerprint}.")
        print(f"Keep it and its passphrase safe. File the public key with HM Treasury: "
              f"backoffice keys public {args.out} --out {info.organisation}.pem")
        return 0
    info = read_key_info(args.keyfile)
    if args.out:
        from forms.drafts.atomic import write_atomic
        try:
            write_atomic(args.out, info.public_pem.encode("ascii"))
        except OSError as e:
            raise UserError(f"Cannot write {args.out}: {e.strerror or e}.") from None
    print(f"Organisation: {info.organisation}")
    print(f"Fingerprint:  {info.fingerprint}")
    print(f"Created:      {info.created}")
    print(info.public_pem, end="")
    return 0


# --- export -----------------------------------------------------------------------

def _export_args(p):
    p.add_argument("draft", type=Path, help="the draft (.json) to sign")
    p.add_argument("--key", required=True, type=Path, help="the organisation's key file")
    p.add_argument("-o", "--output", required=True, type=Path, help="workbook to write (.xlsx)")
    p.add_argument("--previous", type=Path, help="last year's return, for year-on-year checks")


@register("export", "sign a return and write the submission workbook (.xlsx)")(_export_args)
def cmd_export(args) -> int:
    from forms.signing.keys import read_key_info
    from forms.workbook.export import ExportBlocked, check_key_owner, export_return
    ret = load_any(args.draft)
    previous = load_any(args.previous) if args.previous else None
    info = read_key_info(args.key)
    check_key_owner(info, ret)
    try:
        from validators.engine import check
        blocking = check(ret, None, previous).blocking
    except UserError:
        blocking = []   # a missing pack is reported by export_return itself
    if blocking:
        _print_blocking(ExportBlocked(blocking))
        return 1
    passphrase = read_passphrase(f"Passphrase for {args.key.name} ({info.organisation}, "
                                 f"{info.fingerprint}): ")
    try:
        res = export_return(ret, args.key, passphrase, args.output, previous=previous)
    except ExportBlocked as e:
        _print_blocking(e)
        return 1
    print(f"Wrote {res.path}: signed by key {res.fingerprint} at {res.signed_at}, "
          f"submission {res.submission_id}.")
    return 0


def _print_blocking(e) -> None:
    print("backoffice: cannot export; fix the errors and fix or explain the queries:",
          file=sys.stderr)
    for f in e.findings:
        print(f"  {f.severity.upper():<6} {f.rule_id:<26} {f.message}", file=sys.stderr)


# --- payload ----------------------------------------------------------------------

def _payload_args(p):
    p.add_argument("workbook", type=Path)
    p.add_argument("--out", required=True, type=Path, help="folder to write the three files to")


@register("payload", "extract the signed bytes, signature and public key for openssl")(_payload_args)
def cmd_payload(args) -> int:
    from forms.signing import payload as signing
    from forms.drafts.atomic import write_atomic
    from forms.workbook.verify import Damaged, open_signed
    from forms.workbook.guard import GuardedWorkbook
    with GuardedWorkbook(args.workbook) as gw:
        try:
            _, parts, payload = open_signed(gw)
        except Damaged as e:
            raise UserError(f"{args.workbook.name}: the signed data is damaged ({e}).") from None
    pem = payload["public_key_pem"]
    try:
        args.out.mkdir(parents=True, exist_ok=True)
        write_atomic(args.out / "payload.json", parts.data)
        write_atomic(args.out / "payload.sig", parts.signature)
        write_atomic(args.out / "public.pem", pem.encode("ascii"))
    except OSError as e:
        raise UserError(f"Cannot write to {args.out}: {e.strerror or e}.") from None
    ok = signing.signature_ok(pem, parts.data, parts.signature)
    print(f"Wrote payload.json ({len(parts.data):,} bytes), payload.sig and public.pem "
          f"to {args.out}.")
    print(f"Key fingerprint {payload['submission'].get('key_fingerprint')}; the signature "
          + ("checks." if ok else "does NOT match the data."))
    print(f"Check it with openssl: openssl pkeyutl -verify -pubin -inkey {args.out / 'public.pem'} "
          f"-rawin -in {args.out / 'payload.json'} -sigfile {args.out / 'payload.sig'}")
    return 0 if ok else 1


# --- verify -----------------------------------------------------------------------

def _verify_args(p):
    p.add_argument("workbooks", type=Path, nargs="+", metavar="RETURN.xlsx")
    p.add_argument("--keyring", type=Path,
                   help="folder of public keys filed per organisation (DIR/CODE/*.pem or DIR/CODE.pem)")
    p.add_argument("--pack", help="rule pack id or .toml file to recheck the findings with")
    p.add_argument("--format", choices=["text", "json"], default="text")


def format_result(r) -> str:
    if r.ok:
        who = " ".join(x for x in (r.organisation, r.body_name, r.financial_year) if x)
        key = f"key {r.fingerprint}" + ("" if r.key_checked else " (not checked: no --keyring)")
        return f"OK       {r.path}  {who}  {key}  signed {r.signed_at}"
    tag = "INVALID " if r.readable else "UNREADABLE"
    return f"{tag} {r.path}: {'; '.join(r.problems)}"


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
        print(json.dumps({"files": [r.to_dict() for r in results],
                          "summary": {"valid": n_ok, "invalid": n_bad, "unreadable": n_unread}},
                         indent=1, ensure_ascii=False))
    else:
        for r in results:
            print(format_result(r))
        print(f"\n{len(results)} file(s): {n_ok} valid, {n_bad} invalid, {n_unread} unreadable.")
    return 2 if n_unread else (1 if n_bad else 0)


# --- import -----------------------------------------------------------------------

def _import_args(p):
    p.add_argument("workbook", type=Path)
    p.add_argument("-o", "--output", required=True, type=Path, help="draft to write (.json)")
    p.add_argument("--force", action="store_true", help="replace the draft if it exists")
    p.add_argument("--next-year", action="store_true",
                   help="start next year's return from this one (year + 1, explanations cleared)")


@register("import", "turn a signed workbook back into a draft (.json)")(_import_args)
def cmd_import(args) -> int:
    from forms.drafts.store import save_draft
    from forms.drafts.next_year import next_year
    from forms.workbook.to_draft import import_workbook
    if args.output.exists() and not args.force:
        raise UserError(f"{args.output} already exists; choose another name or add --force.")
    ret = import_workbook(args.workbook)
    if args.next_year:
        ret = next_year(ret)
    try:
        save_draft(ret, args.output)
    except OSError as e:
        raise UserError(f"Cannot write {args.output}: {e.strerror or e}.") from None
    env = ret.envelope
    print(f"Wrote {args.output}: {env.organisation} {env.financial_year} {env.return_kind}, "
          f"{len(ret.savings)} savings line(s), {len(ret.explanations)} explanation(s).")
    if args.next_year:
        print(f"Check it year on year with: backoffice validate {args.output} "
              f"--previous {args.workbook}")
    return 0
