"""The desktop program (PySide6). Only this package imports Qt."""
from desktop import plain_imports as _plain_imports   # noqa: F401  before any Qt import
