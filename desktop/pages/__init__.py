"""The return's pages: their order and kinds (registry), and each kind of page."""
from desktop.pages.registry import (FORM_PAGES, PAGE_KEYS, PAGES, TOTALS, Pages, page_of,
                                    real_path, table_paths)

__all__ = ["FORM_PAGES", "PAGE_KEYS", "PAGES", "TOTALS", "Pages", "page_of", "real_path",
           "table_paths"]
