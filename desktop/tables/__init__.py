"""Tables of the return: model, cell editors, view, panel and column sizing."""
from desktop.tables.columns import header_lines, header_text
from desktop.tables.model import TableModel
from desktop.tables.panel import TablePanel

__all__ = ["TableModel", "TablePanel", "header_lines", "header_text"]
