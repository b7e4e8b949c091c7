"""The Treasury's side: verify every received return and consolidate them.

verified (the one adapter over forms.workbook.verify) -> collect (find files,
verify in parallel) -> rows / tables / analysis (pandas tables) -> workbook,
files (the consolidated .xlsx, CSV and Parquet). run.consolidate ties them
together for the command and the desktop window. pandas is imported only
inside these functions, never at import time of the package.
"""
