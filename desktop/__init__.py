"""The desktop program (PySide6). Only this package imports Qt."""
import sys

if sys.version_info < (3, 12):
    # PySide6 6.12 on CPython 3.11 drops one reference to None/True/False each time a
    # Qt method returns one (setToolTip(), signal emit(), ...): after some thousands of
    # calls the interpreter aborts with "deallocating None". From 3.12 these objects
    # are immortal and the lost references are harmless; here, give them a reserve no
    # session can use up. Remove when Python 3.11 is no longer supported.
    import ctypes

    for _singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(_singleton)).value += 1 << 40
    del _singleton
