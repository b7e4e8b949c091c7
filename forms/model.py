"""The return as pydantic models: envelope, five forms, explanations.

Every numeric field is blank (``None``) until the officer types it; the rule
pack, not the model, says which blanks block submission, so a half-filled
draft always loads and saves.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .fields import TEXT_LONG, choice, number, text

SCHEMA_VERSION = 2
YEAR_PATTERN = r"^\d{4}-\d{2}$"

FUNCTIONS = ("hr", "finance", "procurement", "ict", "estates", "legal", "communications")
FUNCTION_LABELS = {"hr": "HR", "finance": "Finance", "procurement": "Procurement",
                   "ict": "ICT", "estates": "Estates", "legal": "Legal",
                   "communications": "Communications"}


def check_year(value: str) -> str:
    """'2009-10': the second part must follow the first."""
    if not value:
        return value
    m = re.fullmatch(r"(\d{4})-(\d{2})", value)
    if not m or (int(m.group(1)) + 1) % 100 != int(m.group(2)):
        raise ValueError(f"'{value}' is not a financial year: write it like 2009-10")
    return value


def year_start(value: str) -> int | None:
    return int(value[:4]) if value and re.fullmatch(YEAR_PATTERN, value) else None


def _no_rows() -> list:
    # A plain function, not ``list``: pydantic inspects a default factory's
    # signature, and a builtin's costs a tokenizer regex compile at start-up.
    return []


def _no_entries() -> dict:
    return {}


class Part(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True,
                              validate_assignment=True)


class Preparer(Part):
    name: str = text("Name", "Who prepared this return.")
    role: str = text("Role", "Job title, e.g. Head of Corporate Finance.")
    email: str = text("Email", "Work email address the Treasury can reply to.",
                      pattern=r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$")
    phone: str = text("Phone", "Work telephone number.", max_length=40)


class Envelope(Part):
    organisation: str = text("Organisation", "Code of the department or body, from the reference "
                             "list (its full name is accepted too).", max_length=120)
    body_name: str = text("Body name", "For an agency, arm's-length body or wider-public-sector "
                          "body: its name. Leave blank for the department itself.")
    financial_year: str = text("Financial year", "The year reported, e.g. 2009-10.", max_length=20)
    return_kind: Literal["outturn", "plan"] = choice(
        "Return kind", "Outturn reports the year just ended; plan the year ahead.", "outturn")
    preparer: Preparer = Field(default_factory=Preparer, title="Preparer")
    rule_pack: str = text("Rule pack", "The benchmark rule pack this return is checked against.",
                          default="smarter-government-2009", max_length=80)

    _year = field_validator("financial_year")(check_year)

    @field_validator("rule_pack")
    @classmethod
    def _pack_id(cls, value: str) -> str:
        # An id of a shipped pack, never a path: a received return must not
        # point its own checks at a file of its choosing.
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
            raise ValueError(f"'{value}' is not a rule pack id: use a shipped pack, "
                             "e.g. smarter-government-2009")
        return value

    @field_validator("organisation")
    @classmethod
    def _known_organisation(cls, value: str) -> str:
        """A code from the reference list; its full name or any letter case is accepted."""
        if not value:
            return value
        from .errors import UserError
        from .reference import find_organisation  # reference imports this module
        try:
            return find_organisation(value).code
        except UserError as e:
            raise ValueError(str(e)) from None


class FunctionFTE(Part):
    hr: Decimal | None = number("HR", "FTE", "Full-time equivalent staff in HR (excluding pensions administration; payroll counts under Finance).")
    finance: Decimal | None = number("Finance", "FTE", "FTE in the finance function, payroll included.")
    procurement: Decimal | None = number("Procurement", "FTE", "FTE in procurement.")
    ict: Decimal | None = number("ICT", "FTE", "FTE in ICT (running, not transformational projects).")
    estates: Decimal | None = number("Estates", "FTE", "FTE in estates and facilities management.")
    legal: Decimal | None = number("Legal", "FTE", "FTE in legal services.")
    communications: Decimal | None = number("Communications", "FTE", "FTE in communications.")


class FunctionCost(Part):
    hr: Decimal | None = number("HR", "£", "Full cost of the HR function: staff incl. employer NI and pension, IT, accommodation, supplies, outsourcing.")
    finance: Decimal | None = number("Finance", "£", "Full cost of the finance function, payroll included.")
    procurement: Decimal | None = number("Procurement", "£", "Full cost of the procurement function.")
    ict: Decimal | None = number("ICT", "£", "Running cost of ICT, not transformational projects.")
    estates: Decimal | None = number("Estates", "£", "Cost of the estates function (not the rent itself).")
    legal: Decimal | None = number("Legal", "£", "Full cost of legal services, in-house and bought in.")
    communications: Decimal | None = number("Communications", "£", "Full cost of communications.")


class Headcount(Part):
    employees_headcount: Decimal | None = number(
        "Employees (headcount)", "people", "Everyone employed at the year end, counted once each.",
        integer=True)
    employees_fte: Decimal | None = number(
        "Employees (FTE)", "FTE", "Employees as full-time equivalents at the year end.")
    payroll_fte: Decimal | None = number(
        "Payroll staff", "FTE", "FTE of staff on the organisation's payroll.")
    non_payroll_fte: Decimal | None = number(
        "Non-payroll (contingent) staff", "FTE", "Agency staff, interims and contractors filling posts, as FTE.")
    function_fte: FunctionFTE = Field(default_factory=FunctionFTE, title="FTE by function")


Tenure = Literal["freehold", "leasehold", "PFI", "shared", "other"]


class Building(Part):
    name: str = text("Building", "Name or address of the building.")
    location: str = text("Postcode or region", "Postcode, or the region for a group of small sites.",
                         max_length=40)
    tenure: Tenure = choice("Tenure", "How the building is held.", "leasehold")
    nia_m2: Decimal | None = number("Office NIA", "m²", "Office net internal area (NIA) in square metres.")
    workstations: Decimal | None = number("Workstations", "desks", "Number of workstations.",
                                          integer=True)
    fte: Decimal | None = number("FTE based there", "FTE", "FTE whose main workplace is this building.")
    annual_cost_gbp: Decimal | None = number(
        "Annual property cost", "£", "Rent, rates, service charges, FM and utilities for the year.")


class FloorSpace(Part):
    buildings: list[Building] = Field(default_factory=_no_rows, title="Buildings", max_length=20000)


class Spend(Part):
    running_costs_gbp: Decimal | None = number(
        "Organisational running costs (ORC)", "£",
        "The same running-costs figure is used for every function's indicator.")
    function_cost: FunctionCost = Field(default_factory=FunctionCost, title="Cost by function")
    addressable_spend_gbp: Decimal | None = number(
        "Third-party addressable spend", "£", "Spend with suppliers that procurement can influence.")
    collaborative_spend_gbp: Decimal | None = number(
        "Of which through collaborative arrangements", "£",
        "Part of addressable spend bought through collaborative (e.g. OGC/cross-government) deals.")
    consultancy_gbp: Decimal | None = number("Consultancy spend", "£", "Spend on consultancy in the year.")
    shared_services_pct: Decimal | None = number(
        "Back office delivered through shared services", "%",
        "Share of back-office functions delivered through shared service arrangements.", le=100, places=1)


SavingsCategory = Literal["ICT", "estates", "procurement", "HR", "finance", "shared services",
                          "legal", "communications", "corporate services", "other"]
SavingsStatus = Literal["planned", "on track", "at risk", "delivered", "abandoned"]


class SavingsLine(Part):
    ref: str = text("Ref", "Short reference used to link actions, e.g. S1.", max_length=20)
    category: SavingsCategory = choice("Category", "Back-office area the saving comes from.", "other")
    description: str = text("Description", "What the saving is.", max_length=1000)
    baseline_year: str = text("Baseline year", "Year the saving is measured against, e.g. 2007-08.",
                              max_length=20)
    target_year: str = text("Target year", "Year by which the saving is due, e.g. 2013-14.",
                            max_length=20)
    planned_gbp: Decimal | None = number("Planned", "£", "Planned saving in pounds.")
    delivered_gbp: Decimal | None = number("Delivered to date", "£", "Saving delivered so far.")
    cash_releasing: bool = Field(default=True, title="Cash-releasing",
                                 description="Does the saving release cash (not only time)?")
    recurrence: Literal["recurring", "one-off"] = choice(
        "Recurring or one-off", "A recurring saving is counted each year.", "recurring")
    status: SavingsStatus = choice("Status", "Where delivery stands.", "planned")
    evidence: str = text("Evidence", "Where the figure comes from: report, ledger, business case.",
                         max_length=1000)
    commitment: str = text("Published commitment", "Set when the line comes from the 2009 "
                           "improvement plan (Table A).", max_length=80)

    _years = field_validator("baseline_year", "target_year")(check_year)


ActionCategory = Literal["HR", "finance", "procurement", "ICT", "estates", "shared services",
                         "legal", "communications", "other"]


class Action(Part):
    text: str = text("Action", "What will be done.", max_length=1000, multiline=True)
    category: ActionCategory = choice("Category", "Back-office area.", "other")
    savings_refs: list[str] = Field(default_factory=_no_rows, title="Linked savings lines",
                                    description="Refs of the savings lines this action delivers.",
                                    max_length=200)


class ActionPlan(Part):
    summary: str = text("Summary", "A short summary of the improvement plan, as Table A prints it.",
                        max_length=TEXT_LONG, multiline=True)
    actions: list[Action] = Field(default_factory=_no_rows, title="Actions", max_length=1000)


class Return(Part):
    """One organisation's return for one year."""
    schema_version: int = Field(default=SCHEMA_VERSION, title="Schema version")
    envelope: Envelope = Field(default_factory=Envelope, title="Return")
    headcount: Headcount = Field(default_factory=Headcount, title="Headcount")
    floor_space: FloorSpace = Field(default_factory=FloorSpace, title="Floor space")
    spend: Spend = Field(default_factory=Spend, title="Spend")
    savings: list[SavingsLine] = Field(default_factory=_no_rows, title="Savings", max_length=20000)
    action_plan: ActionPlan = Field(default_factory=ActionPlan, title="Action plan")
    # Finding key -> the officer's explanation of a query; travels with the return.
    explanations: dict[str, str] = Field(default_factory=_no_entries, title="Explanations")
    # Benchmark finding key -> index (1-based, as text) of the action addressing a shortfall.
    benchmark_actions: dict[str, str] = Field(default_factory=_no_entries, title="Actions for shortfalls")

    @field_validator("explanations", "benchmark_actions")
    @classmethod
    def _limit_text(cls, v: dict[str, str]) -> dict[str, str]:
        for k, t in v.items():
            if len(k) > 300 or len(t) > TEXT_LONG:
                raise ValueError(f"explanation for {k[:40]!r} is longer than {TEXT_LONG} characters")
        return {k: t.strip() for k, t in v.items()}


PAGES = ("headcount", "floor_space", "spend", "savings", "action_plan")
