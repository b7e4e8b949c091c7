"""Console entry point of the bundle: `backoffice.exe COMMAND ...`."""
import multiprocessing
import sys

from desktop.launcher import main

if __name__ == "__main__":
    multiprocessing.freeze_support()   # consolidation verifies in worker processes
    sys.exit(main())
