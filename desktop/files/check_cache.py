"""The last check of each draft opened, kept so the next start shows its findings at once.

Opening a draft shows its values at the first paint; its checks need pydantic, the
models and the rule pack, most of start-up's remaining time. When the same draft is
opened again with the same program and packs, the findings of its last check are
shown from here, and the real check runs just after (Document.finish_loading): the
display follows the real check should it ever differ.

The key covers every input of that check: the draft's data, the rule packs' bytes,
the program's version and the files of its checking code (size and time changed,
so an edited source misses too). Previous-year data and files typed but refused
are never part of a cached check (there are none at start-up). No rule reads the
date. A damaged, foreign or unreadable cache is ignored, never an error.
"""
from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

try:    # CPython's own SHA-256: hashlib would load OpenSSL (2 ms, 3 MB) before the first paint
    from _sha256 import sha256          # Python 3.11
except ImportError:                     # pragma: no cover - other Pythons
    try:
        from _sha2 import sha256        # Python 3.12+
    except ImportError:
        from hashlib import sha256

from forms.drafts.atomic import write_atomic
from forms.schema.version import VERSION
from validators.findings import Finding, Report

log = logging.getLogger("backoffice")

FORMAT = 1
MAX_ENTRIES = 8                 # the drafts an officer keeps going back to
MAX_BYTES = 4 * 1024 * 1024     # a larger cache file is not read
ROOT = Path(__file__).resolve().parents[2]
PACKS = ROOT / "resources" / "rulepacks"
# The code and data a check's outcome depends on (desktop/window/progress.py: the
# pages counted as answered).
CODE = ("forms", "validators", "resources", "desktop/window/progress.py",
        "desktop/files/check_cache.py")


@dataclass(frozen=True)
class Cached:
    report: Report
    metrics: dict
    given: frozenset[str]       # pages holding answers the officer gave


def _files(top: Path) -> list[str]:
    if top.is_file():
        return [str(top)]
    found = []
    for folder, dirs, files in os.walk(top):      # os.walk: a tenth of rglob's time
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        found += (os.path.join(folder, f) for f in sorted(files) if not f.endswith(".pyc"))
    return found


def _fingerprint() -> bytes:
    """Each code file's path, size and time changed; pack files by their bytes."""
    h = sha256(f"{FORMAT}\0{VERSION}\0".encode())
    skip = len(str(ROOT)) + 1      # every path is ROOT's own: relpath's work, a third of the time
    for name in CODE:
        for path in _files(ROOT / name):
            st = os.stat(path)
            h.update(f"{path[skip:]}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    for p in sorted(PACKS.glob("*.toml")):
        h.update(p.name.encode() + b"\0" + sha256(p.read_bytes()).digest())
    return h.digest()


def key_of(data: dict) -> str | None:
    """The key of a check of ``data`` at start-up, or None when it cannot be cached."""
    pack = str((data.get("envelope") or {}).get("rule_pack") or "")
    if pack.endswith(".toml") or "/" in pack or "\\" in pack:
        return None     # a pack file of the officer's own: not among the bytes hashed
    try:
        draft = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
        code = _fingerprint()
    except (OSError, TypeError, ValueError, RecursionError):
        return None
    return sha256(code + draft.encode("utf-8")).hexdigest()


def cache_file() -> Path | None:
    from PySide6.QtCore import QStandardPaths
    loc = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
    return Path(loc) / "last-checks.json" if loc else None


def _read_all(path: Path) -> dict:
    try:
        if path.stat().st_size > MAX_BYTES:
            return {}
        doc = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    if not isinstance(doc, dict) or doc.get("format") != FORMAT \
            or not isinstance(doc.get("entries"), dict):
        return {}
    return doc["entries"]


def _dec(v) -> Decimal | None:
    if v is None:
        return None
    if not isinstance(v, str):
        raise ValueError(v)
    return Decimal(v)


def _finding(d: dict) -> Finding:
    return Finding(str(d["rule"]), d["severity"], str(d["message"]),
                   tuple(str(p) for p in d["paths"]), str(d["key"]), str(d["status"]),
                   str(d["metric"]), _dec(d["value"]), _dec(d["target"]), str(d["due"]),
                   str(d["unit"]), bool(d["blank"]))


def _encode(f: Finding) -> dict:
    return {"rule": f.rule_id, "severity": f.severity, "message": f.message,
            "paths": list(f.paths), "key": f.key, "status": f.status, "metric": f.metric,
            "value": None if f.value is None else str(f.value),
            "target": None if f.target is None else str(f.target),
            "due": f.due, "unit": f.unit, "blank": f.blank}


def load(key: str | None, path: Path | None = None) -> Cached | None:
    """The check cached under ``key``, or None (not there, damaged, or of another kind)."""
    path = path or cache_file()
    if key is None or path is None:
        return None
    entry = _read_all(path).get(key)
    try:
        findings = [_finding(f) for f in entry["findings"]]
        if any(f.severity not in ("error", "query", "benchmark") for f in findings):
            return None
        report = Report(findings=findings,
                        explanations={str(k): str(v) for k, v in entry["explanations"].items()},
                        pack_id=str(entry["pack_id"]), pack_hash=str(entry["pack_hash"]),
                        answers=int(entry["answers"]))
        metrics = {str(k): _dec(v) for k, v in entry["metrics"].items()}
        given = frozenset(str(p) for p in entry["given"])
    except (TypeError, KeyError, ValueError, AttributeError, InvalidOperation):
        return None
    return Cached(report, metrics, given)


def store(key: str | None, cached: Cached, path: Path | None = None) -> None:
    """Keep ``cached`` under ``key`` (the newest of MAX_ENTRIES); failures are only logged."""
    path = path or cache_file()
    if key is None or path is None:
        return
    r = cached.report
    entry = {"findings": [_encode(f) for f in r.findings], "explanations": r.explanations,
             "pack_id": r.pack_id, "pack_hash": r.pack_hash, "answers": r.answers,
             "metrics": {k: None if v is None else str(v) for k, v in cached.metrics.items()},
             "given": sorted(cached.given)}
    entries = {k: v for k, v in _read_all(path).items() if k != key}
    entries[key] = entry                    # dicts keep order: the newest last
    while len(entries) > MAX_ENTRIES:
        entries.pop(next(iter(entries)))
    raw = json.dumps({"format": FORMAT, "entries": entries}, ensure_ascii=False).encode()
    while len(raw) > MAX_BYTES and len(entries) > 1:
        entries.pop(next(iter(entries)))
        raw = json.dumps({"format": FORMAT, "entries": entries}, ensure_ascii=False).encode()
    if len(raw) > MAX_BYTES:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, raw)
    except OSError as e:
        log.info("check cache not written: %s", e)
