import os
import sys
from pathlib import Path

import pytest

# Qt tests run without a screen; set before any test imports PySide6.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SAMPLE = ROOT / "resources" / "samples" / "sample-return.json"


@pytest.fixture
def sample():
    from forms.drafts import load_draft
    return load_draft(SAMPLE)
