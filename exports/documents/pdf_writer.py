"""A ``Document`` as PDF, typeset by Typst with a font that carries Vietnamese diacritics.

Why Typst: it is one self-contained wheel (no LaTeX, no browser, no system fonts) and embeds
its own Libertinus Serif, which covers Vietnamese; so the PDF looks the same on a bare
government server and in CI. Every piece of text goes in as a Typst *string literal*, never as
markup, so a user's text cannot inject Typst commands.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import typst

from exports.documents.model import Bullets, Document, Figure, Heading, Paragraph, Table


def _s(text: str) -> str:
    """``text`` as a Typst string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


def typst_source(doc: Document) -> tuple[str, dict[str, bytes]]:
    """The Typst markup of ``doc`` and the image files it refers to."""
    images: dict[str, bytes] = {}
    lines = [
        f'#set document(title: {_s(doc.title)})',
        f'#set text(lang: "{doc.lang}", size: 10.5pt)',
        '#set page(paper: "a4", margin: (x: 2cm, y: 2cm), numbering: "1 / 1",'
        f' footer: context [#set text(size: 8pt); #{_s(doc.footer)} #h(1fr)'
        ' #counter(page).display("1 / 1", both: true)])',
        '#set heading(numbering: "1.1")',
        '#show heading: set block(above: 1.2em, below: 0.6em)',
        f'#align(center, text(size: 18pt, weight: "bold", {_s(doc.title)}))',
    ]
    if doc.subtitle:
        lines.append(f'#align(center, text(style: "italic", {_s(doc.subtitle)}))')
    for i, block in enumerate(doc.blocks):
        if isinstance(block, Heading):
            lines.append(f'#heading(level: {block.level}, {_s(block.text)})')
        elif isinstance(block, Paragraph):
            size = "8.5pt" if block.note else "10.5pt"
            lines.append(f'#par(text(size: {size}, {_s(block.text)}))')
        elif isinstance(block, Bullets):
            items = ", ".join(f"[#{_s(x)}]" for x in block.items)
            lines.append(f"#list({items})")
        elif isinstance(block, Table):
            lines.append(_table(block))
        elif isinstance(block, Figure):
            name = f"fig{i}_{block.name}.png"
            images[name] = block.png
            lines.append(f'#figure(image("{name}", width: 100%), caption: {_s(block.title)})')
    return "\n".join(lines) + "\n", images


def _table(block: Table) -> str:
    numeric = block.numeric or (False,) * len(block.header)
    align = ", ".join("right" if n else "left" for n in numeric)
    cells = [f"[#strong({_s(h)})]" for h in block.header]
    cells += [f"[#{_s(c)}]" for row in block.rows for c in row]
    note = f'\n#par(text(size: 8pt, {_s(block.note)}))' if block.note else ""
    return (f'#par(strong({_s(block.title)}))\n'
            f'#text(size: 8.5pt, table(columns: {len(block.header)}, align: ({align},),'
            f' inset: 4pt, stroke: 0.4pt, {", ".join(cells)})){note}')


def pdf_bytes(doc: Document) -> bytes:
    """The document as PDF bytes."""
    source, images = typst_source(doc)
    with tempfile.TemporaryDirectory(prefix="parkghg-pdf-") as tmp:
        root = Path(tmp)
        for name, data in images.items():
            (root / name).write_bytes(data)
        main = root / "report.typ"
        main.write_text(source, encoding="utf-8")
        return typst.compile(str(main), root=str(root))
