import os
import sys
from pathlib import Path

import pytest

# Qt tests run without a screen; set before any test imports PySide6.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

sys.path.insert(0, str(Path(__file__).resolve().parent))
from project_paths import ROOT, SAMPLE  # noqa: E402

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture
def sample():
    from forms.drafts.store import load_draft
    return load_draft(SAMPLE)
