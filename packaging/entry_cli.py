"""Console entry point of the bundle: `backoffice.exe COMMAND ...`."""
import sys

from desktop.launcher import main

if __name__ == "__main__":
    sys.exit(main())
