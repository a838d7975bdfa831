"""Reading the registry back: scope on enterprises, public parks, catalogue parity."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from cli.main import cli
from tests.registry.registry_samples import ENTERPRISES_CSV, PARKS_CSV, PROVINCES_CSV
from warehouse.registry import list_enterprises
from warehouse.scope import Scope

pytestmark = pytest.mark.both_backends

LOCALES = Path(__file__).parents[2] / "parkghg" / "locales"


@pytest.fixture
def loaded(loaded_con):
    return loaded_con


def test_system_and_province_scopes_see_every_enterprise(loaded):
    assert list_enterprises(loaded, Scope.system()).height == 3
    assert list_enterprises(loaded, Scope(role="province")).height == 3


def test_enterprise_scope_sees_only_itself(loaded):
    frame = list_enterprises(loaded, Scope(role="enterprise", enterprise_id="0312345678"))
    assert frame["enterprise_id"].to_list() == ["0312345678"]
    assert frame["park_name_en"].to_list() == ["Amata IP"]


def test_park_scope_sees_only_its_tenants(loaded):
    frame = list_enterprises(loaded, Scope(role="park", park_id="amata"))
    assert sorted(frame["enterprise_id"].to_list()) == ["0312345678", "3600999999"]
    assert list_enterprises(loaded, Scope(role="park", park_id="nowhere")).is_empty()


@pytest.mark.parametrize("domain", ["registry", "sample"])
def test_vi_and_en_catalogues_have_the_same_keys(domain):
    keys = {}
    for lang in ("vi", "en"):
        with (LOCALES / lang / f"{domain}.po").open("rb") as fh:
            keys[lang] = {m.id for m in read_po(fh) if m.id}
    assert keys["vi"] == keys["en"]
    assert all(k.startswith(f"{domain}.") for k in keys["vi"])


def test_cli_imports_files_and_reports_problems(warehouse_path, write):
    runner = CliRunner()
    ok = runner.invoke(cli, ["--db", str(warehouse_path), "--lang", "en", "registry", "import",
                             str(write("p.csv", PARKS_CSV)), str(write("v.csv", PROVINCES_CSV))])
    assert ok.exit_code == 0, ok.output
    assert "Imported 2 parks row(s) from p.csv: 2 new, 0 updated." in ok.output
    bad = runner.invoke(cli, ["--db", str(warehouse_path), "--lang", "vi", "registry", "import",
                              "--kind", "enterprises",
                              str(write("e.csv", ENTERPRISES_CSV.replace("amata", "x_park")))])
    assert bad.exit_code == 1
    assert "Dòng 2, cột 'park_id', giá trị 'x_park'" in bad.output
    listing = runner.invoke(cli, ["--db", str(warehouse_path), "--lang", "en", "registry",
                                  "list-parks"])
    assert listing.exit_code == 0 and "Long Duc IP" in listing.output
