"""The program's version: the one place it is written (pyproject reads it too).

A module constant rather than package metadata: a frozen bundle has no
metadata, and reading it costs an import of importlib.metadata and a parse.
"""
VERSION = "0.1.0"
