"""Errors a user can cause: caught at the edge (CLI, dialog), shown as one line."""


class UserError(Exception):
    """Something the user can fix; the message says what to do."""


class NotAReturn(UserError):
    """The file cannot be read, or is not a return (CLI exit code 2)."""
