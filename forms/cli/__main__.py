"""`python -m forms.cli`: the core commands, without the desktop program."""
import sys

from forms.cli.main import main

sys.exit(main())
