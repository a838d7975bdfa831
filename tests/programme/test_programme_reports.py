"""Programme reports: every number the text quotes is a table cell, the figures equal the
metrics' own, the PDF carries Vietnamese text with its diacritics (extracted and rendered),
and the CLI writes the files."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pypdf
import pypdfium2
import pytest
from click.testing import CliRunner

from cli.main import cli
from exports.documents.docx_writer import docx_bytes
from exports.documents.model import Paragraph
from exports.documents.pdf_writer import pdf_bytes
from metrics.inventory import CalcParams
from metrics.rollups import headline_totals
from parkghg.errors import AccessDeniedError
from parkghg.i18n import catalogue, fmt_number
from service import programme, survey
from service.inventory import compute_inventory
from tests.worlds import E1, E3, SYSTEM

# Slow: charts and typesetting, a few seconds each. On PostgreSQL only the tests about what
# the reports read (totals, scope); the typesetting does not depend on the engine.
pytestmark = pytest.mark.slow

YEAR = 2024
_NUMBER = re.compile(r"\d[\d.,]*(?: %)?")


def _numbers(text: str) -> set[str]:
    return {m.group(0).rstrip(".,") for m in _NUMBER.finditer(text)}


@pytest.fixture
def answered(con, actor) -> None:
    survey.submit_answers(con, actor("ent1"), E1, {
        "energy_saving": "some", "rooftop_solar": "no", "recp": "applied",
        "jcm_interest": "yes", "support_wanted": ["finance"]})
    survey.submit_answers(con, actor("prov"), E3, {
        "energy_saving": "none", "rooftop_solar": "planned", "recp": "aware",
        "jcm_interest": "maybe", "support_wanted": ["technical", "finance"]})


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_number_in_the_text_is_a_table_cell(con, answered, lang: str) -> None:
    doc = programme.annual_document(con, SYSTEM, year=YEAR, lang=lang)
    cells = {c for table in doc.tables() for row in table.rows for c in row}
    # Numbers written into the wording itself ("Circular 38", "3,000 tCO2e") are not figures.
    wording = {n for key, text in catalogue(lang).items()
               if key.startswith(("programme.r.", "programme.x."))
               for n in _numbers(re.sub(r"\{[a-z_]+\}", "", text))}
    checked = 0
    for block in doc.blocks:
        if isinstance(block, Paragraph) and not block.note:
            for number in _numbers(block.text) - wording - {str(YEAR), str(YEAR - 1)}:
                assert number in cells, (number, block.text)
                checked += 1
    assert checked >= 5


@pytest.mark.both_backends
def test_the_report_total_is_the_inventory_headline(con, answered) -> None:
    inputs = programme.gather(con, SYSTEM, year=YEAR)
    result = compute_inventory(con, SYSTEM.scope, year_from=YEAR, year_to=YEAR,
                               params=CalcParams())
    headline = headline_totals(result.emissions)["headline_tco2e"].sum()
    assert inputs.trend.filter(inputs.trend["year"] == YEAR)["headline_tco2e"][0] == \
        pytest.approx(headline, rel=1e-12)
    assert inputs.by_park["headline_tco2e"].sum() == pytest.approx(headline, rel=1e-12)
    assert inputs.survey_rates.filter(inputs.survey_rates["group"] == "*")[
        "responded"][0] == 2
    doc = programme.annual_document(con, SYSTEM, year=YEAR, lang="vi")
    key = dict(doc.tables()[0].rows)
    assert key["Tổng phát thải phạm vi 1 + 2 (tCO2tđ)"] == fmt_number(headline, "vi", 0)


@pytest.mark.both_backends
def test_a_park_board_reports_on_its_own_park_only(con, actor) -> None:
    inputs = programme.gather(con, actor("park_a"), year=YEAR)
    assert set(inputs.by_park["park_id"]) == {"pa"}
    with pytest.raises(AccessDeniedError):
        programme.gather(con, actor("park_a"), year=YEAR, park_id="pb")
    with pytest.raises(AccessDeniedError):
        programme.gather(con, actor("ent1"), year=YEAR)


def test_pdf_and_docx_carry_the_vietnamese_text(con, answered, tmp_path: Path) -> None:
    doc = programme.annual_document(con, SYSTEM, year=YEAR, lang="vi",
                                    proposals="Đề xuất thử nghiệm.\n- Mở rộng điện mặt trời")
    pdf = pdf_bytes(doc)
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    for phrase in ("Báo cáo tổng kết chương trình năm 2024", "Khảo sát nhu cầu doanh nghiệp",
                   "Đề xuất và kiến nghị", "Mở rộng điện mặt trời"):
        assert phrase in flat
    # rendered to an image: the first page is not blank
    page = pypdfium2.PdfDocument(pdf)[0].render(scale=0.5).to_pil().convert("L")
    assert page.getextrema()[0] < 64
    word = docx.Document(io.BytesIO(docx_bytes(doc)))
    body = "\n".join(p.text for p in word.paragraphs)
    assert "Báo cáo tổng kết chương trình năm 2024" in body and "Mở rộng điện mặt trời" in body
    assert len(word.inline_shapes) == len(doc.figures()) >= 2


def test_cli_writes_the_annual_summary_and_the_workshop_pack(world_path: Path,
                                                             tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    result = runner.invoke(cli, ["--db", str(world_path), "--lang", "en", "report", "annual",
                                 "--year", str(YEAR), "--out", str(out), "--lang", "en",
                                 "--activity", "year2_summary"])
    assert result.exit_code == 0, result.output
    assert sorted(p.suffix for p in out.iterdir()) == [".docx", ".pdf"]
    result = runner.invoke(cli, ["--db", str(world_path), "report", "workshop", "--year",
                                 str(YEAR), "--out", str(out), "--zip"])
    assert result.exit_code == 0, result.output
    [pack] = out.glob("*.zip")
    names = zipfile.ZipFile(pack).namelist()
    assert {"tables.xlsx", "summary.docx", "charts/emissions_trend.png",
            "charts/emissions_trend.svg"} <= set(names)
    listing = runner.invoke(cli, ["--db", str(world_path), "--lang", "en", "plan", "list"])
    assert "year2_summary" in listing.output
