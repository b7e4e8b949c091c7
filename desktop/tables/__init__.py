"""Tables of the return: model, cell editors, view, panel and column sizing."""
from .columns import header_lines, header_text
from .model import TableModel
from .panel import TablePanel

__all__ = ["TableModel", "TablePanel", "header_lines", "header_text"]
