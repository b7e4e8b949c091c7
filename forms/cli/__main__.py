"""`python -m forms.cli`: the core commands, without the desktop program."""
import sys

try:
    from forms.cli.main import main
except KeyboardInterrupt:        # Ctrl+C while the program is still loading
    sys.stderr.write("backoffice: interrupted.\n")
    sys.exit(130)

sys.exit(main())
