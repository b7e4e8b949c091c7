"""File › Print / Save as PDF and `backoffice pdf`: the sign-off document as a PDF.

The document itself is core HTML (forms.workbook.sign_off); this module only
lays it out on A4 pages with Qt's own PDF writer (QTextDocument + QPdfWriter),
so no further dependency is needed. Page numbers go in the footer.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from forms.schema.errors import UserError


def _need_gui_app():
    """A QGuiApplication for fonts and layout; headless where there is no screen."""
    from PySide6.QtGui import QGuiApplication
    app = QGuiApplication.instance()
    if app is None:
        if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                     or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication(["backoffice"])
    return app


RESOLUTION = 96          # layout in screen points: 9 pt text prints as 9 pt
FOOTER_H = 24


def page_layout():
    """A4 portrait, 15 mm margins."""
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                       QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)


def laid_out(html: str, layout=None):
    """(the document laid out on the page's body, the body's size): as it is printed."""
    _need_gui_app()
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QFont, QTextDocument, QTextOption
    page = (layout or page_layout()).paintRectPixels(RESOLUTION)
    body = QSizeF(page.width(), page.height() - FOOTER_H)
    doc = QTextDocument()
    doc.setDefaultFont(QFont("sans-serif", 9))
    # Lines break between words only: Qt's default breaks anywhere, so a narrow
    # column printed "Workstation" over "s (desks)". A column is as wide as its
    # longest word, whatever share the document asks for it.
    wrap = doc.defaultTextOption()
    wrap.setWrapMode(QTextOption.WrapMode.WordWrap)
    doc.setDefaultTextOption(wrap)
    doc.setHtml(html)
    doc.setPageSize(body)
    _keep_headings_with_what_follows(doc, body.height())
    return doc, body


def lone_headings(doc, page_h: float) -> list:
    """The first block of each run of headings whose text, table or list starts on a
    later page: a heading left alone at a page's foot ("Floor space", "Buildings", then
    the table overleaf)."""
    lay = doc.documentLayout()
    out, block = [], doc.begin().next()        # the title opens the first page
    while block.isValid():
        if not block.blockFormat().headingLevel():
            block = block.next()
            continue
        first, after = block, block.next()
        while after.isValid() and after.blockFormat().headingLevel():
            after = after.next()
        if after.isValid() and (lay.blockBoundingRect(after).top() // page_h
                                > lay.blockBoundingRect(first).top() // page_h):
            out.append(first)
        block = after
    return out


def _keep_headings_with_what_follows(doc, page_h: float) -> None:
    """Each heading left alone at a page's foot starts the next page instead. Qt's rich
    text knows no "keep with next": this lays out, moves the first such heading, and
    lays out again (each move shifts what follows)."""
    from PySide6.QtGui import QTextCursor, QTextFormat
    for _ in range(50):                 # a long return has some dozen headings
        lone = lone_headings(doc, page_h)
        if not lone:
            return
        fmt = lone[0].blockFormat()
        fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        QTextCursor(lone[0]).setBlockFormat(fmt)


def write_pdf(html: str, path: Path, title: str = "") -> int:
    """Write ``html`` to ``path`` as an A4 PDF; returns the number of pages."""
    _need_gui_app()
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPdfWriter
    path = Path(path)
    if path.suffix.lower() != ".pdf":
        raise UserError(f"Save the document as a .pdf file (not '{path.name}').")
    if not path.parent.is_dir():
        raise UserError(f"The folder {path.parent} does not exist; create it or choose another.")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    writer = QPdfWriter(str(tmp))
    writer.setTitle(title)
    writer.setCreator("Back Office Return")
    writer.setPageLayout(page_layout())
    writer.setResolution(RESOLUTION)
    painter = QPainter()
    if not painter.begin(writer):
        raise UserError(f"Cannot write {path}: the folder may be read-only or the file open "
                        "in another program.")
    try:
        doc, body = laid_out(html, writer.pageLayout())
        pages = doc.pageCount()
        ctx = QAbstractTextDocumentLayout.PaintContext()
        for n in range(pages):
            if n:
                writer.newPage()
            painter.save()
            painter.translate(0, -n * body.height())
            ctx.clip = QRectF(0, n * body.height(), body.width(), body.height())
            painter.setClipRect(ctx.clip)
            doc.documentLayout().draw(painter, ctx)
            painter.restore()
            painter.drawText(QRectF(0, body.height(), body.width(), FOOTER_H),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
                             f"{title}   page {n + 1} of {pages}")
    finally:
        painter.end()
    try:
        os.replace(tmp, path)
    except OSError as e:
        try:
            tmp.unlink()
        except OSError:
            pass
        raise UserError(f"Cannot write {path}: {e.strerror or e}.") from None
    return pages


def return_pdf(ret, report, path: Path, pack=None) -> int:
    """The sign-off document of a checked return, written to ``path``."""
    from forms.workbook.sign_off import rule_titles, sign_off_html
    env = ret.envelope
    title = " ".join(x for x in (env.organisation, env.financial_year, "back-office return") if x)
    return write_pdf(sign_off_html(ret, report, rule_titles(pack)), path, title)


def save_pdf(window) -> None:
    """File › Print / Save as PDF: choose where, then write it off the GUI thread
    (a large return runs to hundreds of pages and some seconds)."""
    from PySide6.QtWidgets import QFileDialog
    window.doc.check_now()
    suggested = window._folder() / window._suggested_name(".pdf").replace("-return.pdf",
                                                                            "-for-approval.pdf")
    chosen, _ = QFileDialog.getSaveFileName(window, "Save the return as PDF, to print or "
                                            "send for approval", str(suggested), "PDF (*.pdf)")
    if not chosen:
        return
    path = Path(chosen) if chosen.lower().endswith(".pdf") else Path(chosen + ".pdf")
    start_pdf_job(window, path)


def start_pdf_job(window, path: Path):
    """Write the window's return to ``path`` on a worker thread; the window hears the outcome."""
    import threading

    from PySide6.QtCore import QObject, Signal

    class Job(QObject):
        done = Signal(str)
        failed = Signal(str)

    job = Job(window)
    job.done.connect(window.notify)
    job.failed.connect(lambda text: window.inform("PDF not saved", text))
    ret, report = window.doc.ret.model_copy(deep=True), window.doc.report
    pack = _pack_of(report)
    window.notify(f"Writing {path.name}…")

    def work():
        try:
            pages = return_pdf(ret, report, path, pack)
        except UserError as e:
            job.failed.emit(str(e))
        except Exception as e:     # never lost silently: the officer hears of it
            job.failed.emit(f"The PDF could not be written ({type(e).__name__}: {e}).")
        else:
            job.done.emit(f"Saved {path.name} ({pages} pages). Open it to print it or to send "
                          "it for approval.")

    job.thread = threading.Thread(target=work, name="pdf", daemon=True)
    job.thread.start()
    return job


def _pack_of(report):
    from validators.packs import load_pack
    try:
        return load_pack(report.pack_id) if report.pack_id else None
    except UserError:
        return None
