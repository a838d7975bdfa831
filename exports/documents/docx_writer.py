"""A ``Document`` as a Word file (python-docx), the format the departments edit."""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from exports.documents.model import Bullets, Document, Figure, Heading, Paragraph, Table

_FONT = "Times New Roman"  # the font Vietnamese administrative documents use (Decree 30/2020)


def docx_bytes(doc: Document) -> bytes:
    """The document as DOCX bytes."""
    out = new_docx()
    style = out.styles["Normal"]
    style.font.name = _FONT
    style.font.size = Pt(12)
    out.core_properties.title = doc.title
    out.core_properties.language = doc.lang
    out.add_heading(doc.title, level=0)
    if doc.subtitle:
        out.add_paragraph(doc.subtitle).runs[0].italic = True
    for block in doc.blocks:
        _block(out, block)
    if doc.footer:
        out.sections[0].footer.paragraphs[0].text = doc.footer
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def _block(out, block) -> None:
    if isinstance(block, Heading):
        out.add_heading(block.text, level=block.level)
    elif isinstance(block, Paragraph):
        para = out.add_paragraph(block.text)
        if block.note:
            for run in para.runs:
                run.font.size = Pt(9)
    elif isinstance(block, Bullets):
        for item in block.items:
            out.add_paragraph(item, style="List Bullet")
    elif isinstance(block, Table):
        _table(out, block)
    elif isinstance(block, Figure):
        out.add_picture(io.BytesIO(block.png), width=Cm(16))
        cap = out.add_paragraph(block.title)
        cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
        cap.runs[0].italic = True


def _table(out, block: Table) -> None:
    out.add_paragraph(block.title).runs[0].bold = True
    table = out.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    numeric = block.numeric or (False,) * len(block.header)
    for cell, text in zip(table.rows[0].cells, block.header, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for row in block.rows:
        cells = table.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, row, strict=True)):
            cell.text = text
            if numeric[i]:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in table.rows:
        for cell in row.cells:
            for para in cell.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(9)
    if block.note:
        note = out.add_paragraph(block.note)
        note.runs[0].font.size = Pt(8)
