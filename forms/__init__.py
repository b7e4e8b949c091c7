"""The return itself, below the desktop program, in layers (each imports only those beneath):

- forms.cli       the `backoffice` commands and their exit codes
- forms.workbook  laying out, exporting, guarding, verifying and importing signed workbooks
- forms.signing   canonical JSON, keys and the signed payload
- (validators)    rule kinds, rule packs and findings: a package of its own
- forms.drafts    drafts on disk: reading, writing, migrating, new returns, next year
- forms.schema    field descriptions and kinds, the models, paths, metrics, numbers

pyproject.toml declares these layers for import-linter; `make test` enforces them.
"""
