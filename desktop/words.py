"""Words for the window: the core's messages, with the command line's advice replaced
by what to do in the window (an officer never types ``backoffice`` commands)."""
from __future__ import annotations

from forms.schema.organisations import LIST_HINT

IN_THE_WINDOW = {
    LIST_HINT: "Start typing its name or code and choose it from the list.",
}


def for_the_window(message: str) -> str:
    for cli, gui in IN_THE_WINDOW.items():
        message = message.replace(cli, gui)
    return message
