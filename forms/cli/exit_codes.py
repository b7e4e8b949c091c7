"""What the `backoffice` command's exit status means, stated once for every command."""

OK = 0            # done; for validate and verify: nothing wrong
PROBLEMS = 1      # the return has problems, or the command refused (a clear reason is printed)
UNREADABLE = 2    # a file cannot be read or is not what was expected
BUG = 3           # an unexpected error in the program: please report it
INTERRUPTED = 130

EPILOG = ("exit status: 0 done (nothing wrong); 1 the return has problems or the command "
          "refused; 2 a file cannot be read or is not what was expected; 3 an unexpected "
          "error (please report it).")
