"""The `backoffice` command line: sub-commands, one registry, one set of exit codes."""
