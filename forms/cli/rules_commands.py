"""backoffice rules: a rule pack in plain English, or what changed between two packs."""
from __future__ import annotations

import json

from forms.cli.registry import format_option, register
from forms.schema.spec import DEFAULT_RULE_PACK


def _rules_args(p):
    p.add_argument("--pack", default=DEFAULT_RULE_PACK,
                   help=f"a shipped pack's id or a pack file (.toml) (default: {DEFAULT_RULE_PACK})")
    p.add_argument("--diff", nargs=2, metavar=("OLD", "NEW"),
                   help="list what changed from pack OLD to pack NEW (ids or files)")
    format_option(p, ("markdown", "json"))


@register("rules", "every rule of a pack in plain English, or what changed between two")(_rules_args)
def cmd_rules(args) -> int:
    from validators import rulebook
    from validators.packs import load_pack
    if args.diff:
        old, new = (load_pack(x) for x in args.diff)
        lines = rulebook.diff(old, new)
        if args.format == "json":
            print(json.dumps({"from": f"{old.id} {old.version}", "to": f"{new.id} {new.version}",
                              "changes": lines[1:]}, indent=1, ensure_ascii=False))
        else:
            print("\n".join(lines))
        return 0
    pack = load_pack(args.pack)
    if args.format == "json":
        print(json.dumps(rulebook.as_json(pack), indent=1, ensure_ascii=False))
    else:
        print(rulebook.as_markdown(pack), end="")
    return 0
