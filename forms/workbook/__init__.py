"""Signed workbooks: layout, export, the zip guard, verify, and import back to a draft."""
