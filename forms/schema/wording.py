"""Words for messages: plurals written out, choices and severities as an officer reads them."""
from __future__ import annotations

# Irregular plurals of the nouns messages count; anything else takes an "s".
_PLURALS = {"query": "queries", "entry": "entries", "property": "properties",
            "is": "are", "was": "were", "has": "have"}
# A stored choice shown as a word: most only gain a capital letter.
_LABELS = {"PFI": "PFI", "ICT": "ICT", "HR": "HR", "one-off": "One-off"}
SEVERITY_WORDS = {"error": "Error", "query": "Query", "benchmark": "Benchmark"}


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 query', '3 queries', '0 actions': the count and the noun agreeing with it."""
    if n == 1:
        return f"{n:,} {word}"
    if many is None:
        head, _, last = word.rpartition(" ")
        many = (head + " " if head else "") + _PLURALS.get(last, last + "s")
    return f"{n:,} {many}"


def choice_label(value: str) -> str:
    """'outturn' -> 'Outturn', 'on track' -> 'On track'; codes such as PFI stay as they are."""
    if not value:
        return value
    return _LABELS.get(value, value[:1].upper() + value[1:])


def severity_word(severity: str) -> str:
    return SEVERITY_WORDS.get(severity, severity.capitalize())
