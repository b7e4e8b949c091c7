"""Findings: what a rule says about a return, and what blocks submission."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

Severity = Literal["error", "query", "benchmark"]
SEVERITIES: tuple[Severity, ...] = ("error", "query", "benchmark")
# Benchmark position against a comparator or commitment.
MEETS, WITHIN, SHORT, NOT_AVAILABLE = "meets", "within 10 %", "short", "not available"


@dataclass(frozen=True)
class Finding:
    rule_id: str
    severity: Severity
    message: str
    paths: tuple[str, ...] = ()     # field paths, e.g. "floor_space.buildings[3].nia_m2"
    key: str = ""                   # stable key for explanations: rule id, plus row path
    status: str = ""                # benchmarks: meets / within 10 % / short / not available
    metric: str = ""                # benchmarks: metric name from forms.schema.metrics
    value: Decimal | None = None
    target: Decimal | None = None
    due: str = ""                   # commitment date, e.g. "2010-11"
    unit: str = ""                  # of value and target when not the metric's (a change: %)
    blank: bool = False             # a required answer not given (never in the signed payload)

    def to_dict(self) -> dict:
        d = {"rule": self.rule_id, "severity": self.severity, "key": self.key,
             "message": self.message, "paths": list(self.paths)}
        if self.severity == "benchmark":
            d.update(status=self.status, metric=self.metric, due=self.due,
                     value=None if self.value is None else str(self.value),
                     target=None if self.target is None else str(self.target))
            if self.unit:      # only for a change commitment: older payloads stay as signed
                d["unit"] = self.unit
        return d


@dataclass
class Report:
    """Every finding of one check of a return, with what blocks export."""
    findings: list[Finding] = field(default_factory=list)
    explanations: dict[str, str] = field(default_factory=dict)
    pack_id: str = ""
    pack_hash: str = ""
    answers: int = 0                # required answers the return is asked for (given or not)

    @property
    def to_go(self) -> int:
        """Required answers still blank."""
        return sum(1 for f in self.findings if f.blank)

    def of(self, severity: Severity) -> list[Finding]:
        return [f for f in self.findings if f.severity == severity]

    @property
    def errors(self) -> list[Finding]:
        return self.of("error")

    @property
    def queries(self) -> list[Finding]:
        return self.of("query")

    @property
    def benchmarks(self) -> list[Finding]:
        return self.of("benchmark")

    def explained(self, f: Finding) -> bool:
        return bool(self.explanations.get(f.key, "").strip())

    @property
    def blocking(self) -> list[Finding]:
        """Errors, and queries nobody has explained: these stop export."""
        return [f for f in self.findings
                if f.severity == "error" or (f.severity == "query" and not self.explained(f))]

    @property
    def can_submit(self) -> bool:
        return not self.blocking

    def to_dict(self) -> dict:
        return {"rule_pack": self.pack_id, "rule_pack_hash": self.pack_hash,
                "can_submit": self.can_submit,
                "counts": {s: len(self.of(s)) for s in SEVERITIES},
                "findings": [dict(f.to_dict(), explanation=self.explanations.get(f.key, ""))
                             for f in self.findings]}
