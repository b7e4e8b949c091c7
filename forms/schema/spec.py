"""The return's forms as data: every field, its label, unit, help, bounds and default.

This is the one place a field is described. forms.schema.model builds the pydantic
models from it; the desktop, the workbook and the checks read it through
forms.schema.fields. Plain Python, so the desktop can draw its window before
pydantic is imported. Every numeric field is blank (None) until the officer
types it; the rule pack, not the model, says which blanks block submission,
so a half-filled draft always loads and saves.
"""
from __future__ import annotations

import re
from functools import lru_cache

from forms.schema.fields import (TEXT_LONG, FieldDesc, Form, choice, flag, group, mapping, number, refs,
                     table, text)

SCHEMA_VERSION = 4
YEAR_PATTERN = r"^\d{4}-\d{2}$"
DEFAULT_RULE_PACK = "smarter-government-2009"
PACK_ID_PATTERN = r"[a-z0-9][a-z0-9-]*"     # a shipped pack's id: never a path

FUNCTIONS = ("hr", "finance", "procurement", "ict", "estates", "legal", "communications")
FUNCTION_LABELS = {"hr": "HR", "finance": "Finance", "procurement": "Procurement",
                   "ict": "ICT", "estates": "Estates", "legal": "Legal",
                   "communications": "Communications"}
TENURES = ("freehold", "leasehold", "PFI", "shared", "other")
# An asset sale's proceeds are listed as their own kind and never counted as savings.
ASSET_SALE = "asset sale"
SAVINGS_CATEGORIES = ("ICT", "estates", "procurement", "HR", "finance", "shared services",
                      "legal", "communications", "corporate services", "other", ASSET_SALE)
SAVINGS_STATUSES = ("planned", "on track", "at risk", "delivered", "abandoned")
ACTION_CATEGORIES = ("HR", "finance", "procurement", "ICT", "estates", "shared services",
                     "legal", "communications", "other")


def check_year(value: str) -> str:
    """'2009-10': the second part must follow the first."""
    if not value:
        return value
    m = re.fullmatch(r"(\d{4})-(\d{2})", value)
    if not m or (int(m.group(1)) + 1) % 100 != int(m.group(2)):
        raise ValueError(f"'{value}' is not a financial year: write it like 2009-10")
    return value


_YEAR = re.compile(YEAR_PATTERN)


@lru_cache(maxsize=4096)     # checks ask for the same few years thousands of times
def year_start(value: str) -> int | None:
    return int(value[:4]) if value and _YEAR.fullmatch(value) else None


def year_text(start: int) -> str:
    """The financial year starting in ``start``: 2009 -> "2009-10"."""
    return f"{start}-{(start + 1) % 100:02d}"


PREPARER = Form(
    "Preparer",
    name=text("Name", "Who prepared this return."),
    role=text("Role", "Job title, e.g. Head of Corporate Finance."),
    email=text("Email", "Work email address the Treasury can reply to.",
               pattern=r"^$|^[^@\s]+@[^@\s]+\.[^@\s]+$"),
    phone=text("Phone", "Work telephone number.", max_length=40),
)

ENVELOPE = Form(
    "Envelope",
    organisation=text("Organisation", "Code of the department or body, from the reference "
                      "list (its full name is accepted too).", max_length=120,
                      check="organisation"),
    body_name=text("Body name", "For an agency, arm's-length body or wider-public-sector "
                   "body: its name. Leave blank for the department itself."),
    financial_year=text("Financial year", "The year reported, e.g. 2009-10.", max_length=20,
                        check="year"),
    return_kind=choice("Return kind", "Outturn reports the year just ended; plan the year ahead.",
                       "outturn", ("outturn", "plan")),
    preparer=group("Preparer", PREPARER),
    rule_pack=text("Rule pack", "The benchmark rule pack this return is checked against.",
                   default=DEFAULT_RULE_PACK, max_length=80, check="pack_id"),
)

# One box per back-office function, in FUNCTIONS order, for staff and for cost.
FTE_HELP = {
    "hr": "Full-time equivalent staff in HR (excluding pensions administration; payroll counts under Finance).",
    "finance": "FTE in the finance function, payroll included.",
    "procurement": "FTE in procurement.",
    "ict": "FTE in ICT (running, not transformational projects).",
    "estates": "FTE in estates and facilities management.",
    "legal": "FTE in legal services.",
    "communications": "FTE in communications.",
}
COST_HELP = {
    "hr": "Full cost of the HR function: staff incl. employer NI and pension, IT, accommodation, supplies, outsourcing.",
    "finance": "Full cost of the finance function, payroll included.",
    "procurement": "Full cost of the procurement function.",
    "ict": "Running cost of ICT, not transformational projects.",
    "estates": "Cost of the estates function (not the rent itself).",
    "legal": "Full cost of legal services, in-house and bought in.",
    "communications": "Full cost of communications.",
}
FUNCTION_FTE = Form("FunctionFTE", **{f: number(FUNCTION_LABELS[f], "FTE", FTE_HELP[f])
                                      for f in FUNCTIONS})
FUNCTION_COST = Form("FunctionCost", **{f: number(FUNCTION_LABELS[f], "£", COST_HELP[f])
                                        for f in FUNCTIONS})

HEADCOUNT = Form(
    "Headcount",
    employees_headcount=number("Employees (headcount)", "people",
                               "Everyone employed at the year end, counted once each.",
                               integer=True),
    employees_fte=number("Employees (FTE)", "FTE",
                         "Employees as full-time equivalents at the year end: at least the "
                         "payroll staff, at most payroll plus non-payroll staff."),
    payroll_fte=number("Payroll staff", "FTE", "FTE of staff on the organisation's payroll."),
    non_payroll_fte=number("Non-payroll (contingent) staff", "FTE",
                           "Agency staff, interims and contractors filling posts, as FTE."),
    function_fte=group("FTE by function", FUNCTION_FTE),
)

BUILDING = Form(
    "Building",
    name=text("Building", "Name or address of the building."),
    location=text("Postcode or region", "Postcode, or the region for a group of small sites.",
                  max_length=40),
    tenure=choice("Tenure", "How the building is held.", "leasehold", TENURES),
    nia_m2=number("Office NIA", "m²", "Office net internal area (NIA) in square metres."),
    workstations=number("Workstations", "desks", "Number of workstations.", integer=True),
    fte=number("FTE based there", "FTE", "FTE whose main workplace is this building."),
    annual_cost_gbp=number("Annual property cost", "£",
                           "Rent, rates, service charges, FM and utilities for the year."),
)

FLOOR_SPACE = Form(
    "FloorSpace",
    buildings=table("Buildings", BUILDING, 20000),
)

SPEND = Form(
    "Spend",
    running_costs_gbp=number("Organisational running costs (ORC)", "£",
                             "The same running-costs figure is used for every function's "
                             "indicator."),
    function_cost=group("Cost by function", FUNCTION_COST),
    addressable_spend_gbp=number("Third-party addressable spend", "£",
                                 "Spend with suppliers that procurement can influence."),
    collaborative_spend_gbp=number("Of which through collaborative arrangements", "£",
                                   "Part of addressable spend bought through collaborative "
                                   "(e.g. OGC/cross-government) deals."),
    consultancy_gbp=number("Consultancy spend", "£", "Spend on consultancy in the year."),
    shared_services_pct=number("Back office delivered through shared services", "%",
                               "Share of back-office functions delivered through shared "
                               "service arrangements.", le=100, places=1),
)

SAVINGS_LINE = Form(
    "SavingsLine",
    ref=text("Ref", "Short reference used to link actions, e.g. S1.", max_length=20),
    category=choice("Category", "Back-office area the saving comes from; 'asset sale' for "
                    "the proceeds of a sale, which are not counted as savings.", "other",
                    SAVINGS_CATEGORIES),
    description=text("Description", "What the saving is.", max_length=1000),
    baseline_year=text("Baseline year", "Year the saving is measured against, e.g. 2007-08.",
                       max_length=20, check="year"),
    target_year=text("Target year", "Year by which the saving is due, e.g. 2013-14.",
                     max_length=20, check="year"),
    planned_gbp=number("Planned", "£", "Planned saving in pounds."),
    delivered_gbp=number("Delivered to date", "£", "Saving delivered so far."),
    cash_releasing=flag("Cash-releasing", "Does the saving release cash (not only time)?", True),
    recurrence=choice("Recurring or one-off", "A recurring saving is counted each year.",
                      "recurring", ("recurring", "one-off")),
    status=choice("Status", "Where delivery stands.", "planned", SAVINGS_STATUSES),
    evidence=text("Evidence", "Where the figure comes from: report, ledger, business case.",
                  max_length=1000),
    commitment=text("Published commitment", "Set when the line comes from the 2009 "
                    "improvement plan (Table A).", max_length=80),
)

ACTION = Form(
    "Action",
    text=text("Action", "What will be done.", max_length=1000, multiline=True),
    category=choice("Category", "Back-office area.", "other", ACTION_CATEGORIES),
    savings_refs=refs("Linked savings lines", "Refs of the savings lines this action delivers.",
                      200),
)

ACTION_PLAN = Form(
    "ActionPlan",
    summary=text("Summary", "A short summary of the improvement plan, as Table A prints it.",
                 max_length=TEXT_LONG, multiline=True),
    actions=table("Actions", ACTION, 1000),
)

# A commitment that is a change ("reduce legal spend by 35 %") is measured from a
# figure of a named year: the return carries that figure and where it comes from.
BASELINE = Form(
    "Baseline",
    commitment=text("Commitment", "The rule of the commitment the figure is the baseline "
                    "for, e.g. CO-LEGAL-35; filled in when the return is made.", max_length=80),
    measure=text("Figure of", "What the figure is, and its unit: the field or metric the "
                 "commitment is measured by.", max_length=200),
    year=text("Year", "The financial year the figure is for, e.g. 2008-09.", max_length=20,
              check="year"),
    figure=number("Figure", "", "The figure in that year, in the unit named beside it "
                  "(pounds, m² per FTE, FTE)."),
    source=text("Source", "Where the figure comes from: last year's signed return, the "
                "annual report and accounts, a ledger report.", max_length=1000),
)

# A Table A commitment no figure in the return measures (BIS's e-procurement system
# in 2010): the officer reports where it stands, so every commitment has a status.
COMMITMENT_STATUSES = ("", "met", "on track", "at risk", "missed")
COMMITMENT = Form(
    "Commitment",
    commitment=text("Commitment", "The published commitment, in Table A's words.",
                    max_length=1000, multiline=True),
    due=text("Due", "When it falls due, as published (e.g. 2010, March 2011).", max_length=40),
    status=choice("Status", "Where it stands: met, on track, at risk or missed.", "",
                  COMMITMENT_STATUSES),
    date=text("As at", "The date the status is reported at, e.g. 2010-03-31.", max_length=10,
              pattern=r"^$|^\d{4}-\d{2}-\d{2}$"),
    evidence=text("Evidence", "What shows it: a contract award, a lease surrender, a board "
                  "report.", max_length=1000),
)

RETURN = Form(
    "Return", "One organisation's return for one year.",
    schema_version=FieldDesc("", "Schema version", "", "", "int", default=SCHEMA_VERSION),
    envelope=group("Return", ENVELOPE),
    headcount=group("Headcount", HEADCOUNT),
    floor_space=group("Floor space", FLOOR_SPACE),
    spend=group("Spend", SPEND),
    savings=table("Savings", SAVINGS_LINE, 20000),
    action_plan=group("Action plan", ACTION_PLAN),
    commitments=table("Commitments", COMMITMENT, 200),
    baselines=table("Baselines", BASELINE, 500),
    # Finding key -> the officer's explanation of a query; travels with the return.
    explanations=mapping("Explanations", "The officer's explanation of each query, under its "
                         "finding key as `backoffice validate` prints it: the rule, and for a "
                         "row the table and row number from 1 (DELIVERED-LE-PLANNED@savings#3)."),
    # Benchmark finding key -> index (1-based, as text) of the action addressing a shortfall.
    benchmark_actions=mapping("Actions for shortfalls", "For each benchmark that falls short, "
                              "under its finding key, the number of the action plan's action "
                              "addressing it."),
)

PAGES = ("headcount", "floor_space", "spend", "savings", "action_plan", "commitments",
         "baselines")
