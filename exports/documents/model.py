"""A report as a list of blocks, rendered to DOCX and to PDF from the same content.

Why one model and two renderers: the departments edit the DOCX and file the PDF, and both
must say the same thing. Every table cell is already text in the reader's locale, and the
sentences quoting a figure format it with the same function, so a number in the text is
character for character a number in a table (the report tests check exactly that).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from parkghg.i18n import Lang


class Heading(BaseModel):
    """A section title (level 1) or sub-title (level 2)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["heading"] = "heading"
    text: str
    level: int = Field(default=1, ge=1, le=3)


class Paragraph(BaseModel):
    """Running text. ``note`` paragraphs are set smaller (sources, caveats)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["paragraph"] = "paragraph"
    text: str
    note: bool = False


class Bullets(BaseModel):
    """A bulleted list."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["bullets"] = "bullets"
    items: tuple[str, ...]


class Table(BaseModel):
    """A table of text cells; ``numeric`` columns are right-aligned."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["table"] = "table"
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()
    note: str = ""


class Figure(BaseModel):
    """A chart, as PNG for the DOCX and PDF (and SVG for the workshop pack)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["figure"] = "figure"
    name: str  # file stem, e.g. "emissions_by_park"
    title: str
    png: bytes
    svg: str


Block = Heading | Paragraph | Bullets | Table | Figure


class Document(BaseModel):
    """A whole report: its title block and its blocks in order."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    lang: Lang
    title: str
    subtitle: str = ""
    footer: str = ""
    blocks: tuple[Block, ...]

    def tables(self) -> tuple[Table, ...]:
        """Every table, in order."""
        return tuple(b for b in self.blocks if isinstance(b, Table))

    def figures(self) -> tuple[Figure, ...]:
        """Every figure, in order."""
        return tuple(b for b in self.blocks if isinstance(b, Figure))
