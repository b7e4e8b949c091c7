import subprocess
import sys

from project_paths import ROOT


def test_forms_and_validators_never_import_qt():
    # Every module of the core, imported and run, leaves Qt unloaded.
    code = ("import sys, pkgutil, importlib, forms, validators\n"
            "for pkg in (forms, validators):\n"
            "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
            "        if not m.name.endswith('__main__'):\n"
            "            importlib.import_module(m.name)\n"
            "from forms.drafts.new_return import new_return\n"
            "from validators.engine import check\n"
            "check(new_return('DWP', '2009-10'))\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'desktop'))\n"
            "print(bad)\n"
            "sys.exit(1 if bad else 0)\n")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
