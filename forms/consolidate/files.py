"""The consolidated tables as CSV or Parquet, for pandas, DuckDB, Spark or a database.

One file per table, the same tables the workbook shows; column names are
snake case. Parquet goes through pyarrow, an optional extra: without it the
analyst is told how to add it, and nothing is half written.
"""
from __future__ import annotations

from pathlib import Path

from forms.schema.errors import UserError

PARQUET_MISSING = ("Parquet output needs pyarrow, which is not installed. Install it with "
                   "'pip install \"backoffice-return[parquet]\"' (or 'pip install pyarrow'), "
                   "or use --csv instead.")


def tables_of(c) -> dict[str, object]:
    """Table name -> DataFrame: every table of the consolidated workbook."""
    import pandas as pd
    league = [df.assign(rule=rule, title=info.title, metric=info.metric,
                        commitment=info.commitment)
              for rule, (info, df) in c.league.items()]
    out = {"returns": c.returns, "rejected": c.rejected, "superseded": c.superseded,
           "league": pd.concat(league, ignore_index=True) if league else pd.DataFrame(
               columns=["rule", "rank", "who", "value", "target", "status"]),
           "improvement_plans": c.plans, "year_on_year": c.year_on_year,
           "commitments_progress": c.progress,
           "not_returned": pd.DataFrame([{"organisation": code, "name": name,
                                          "years": ", ".join(years)}
                                         for code, name, years in c.missing],
                                        columns=["organisation", "name", "years"])}
    return out


def require_parquet() -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise UserError(PARQUET_MISSING) from None


def _folder(folder: Path) -> Path:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UserError(f"Cannot create the folder {folder}: {e.strerror or e}.") from None
    return folder


def write_csv(c, folder: str | Path) -> list[Path]:
    """One UTF-8 CSV per table (decimals written exactly as signed)."""
    from forms.drafts.atomic import write_atomic
    folder = _folder(Path(folder))
    out = []
    for name, df in tables_of(c).items():
        path = folder / f"{name}.csv"
        write_atomic(path, df.to_csv(index=False, lineterminator="\n").encode("utf-8"))
        out.append(path)
    return out


def _arrow_ready(df):
    """Columns of Decimals as exact decimals, mixed or empty ones as text, for pyarrow."""
    import pandas as pd
    from decimal import Decimal
    df = df.copy()
    for col in df.columns:
        if df[col].dtype != object:
            continue
        values = [v for v in df[col] if v is not None and not (isinstance(v, float) and v != v)]
        if values and all(isinstance(v, Decimal) for v in values):
            df[col] = [None if not isinstance(v, Decimal) else v for v in df[col]]
        elif values and all(isinstance(v, bool) for v in values):
            continue
        else:
            df[col] = [None if v is None or (isinstance(v, float) and v != v) else str(v)
                       for v in df[col]]
    return pd.DataFrame(df)


def write_parquet(c, folder: str | Path) -> list[Path]:
    """One Parquet file per table; needs pyarrow (see require_parquet)."""
    require_parquet()
    from forms.drafts.atomic import write_atomic
    folder = _folder(Path(folder))
    out = []
    for name, df in tables_of(c).items():
        path = folder / f"{name}.parquet"
        ready = _arrow_ready(df)
        write_atomic(path, lambda tmp, d=ready: d.to_parquet(tmp, index=False, engine="pyarrow"))
        out.append(path)
    return out
