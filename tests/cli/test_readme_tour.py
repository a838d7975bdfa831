"""Issue 11, problem 7: the README's CLI tour runs, line by line, as written.

The tour is read from README.md (the fenced block under "## CLI tour"), so the README cannot
drift from what works: each ``./dev ...`` line runs as ``python -m cli.main ...`` in a fresh
directory against a new warehouse. A line marked ``# exits 1`` must exit 1; every other line
must exit 0 and never print the "unexpected error" notice. ``serve`` (a server that keeps
running) is checked with ``--help`` only; ``user add`` gets its password on stdin.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from parkghg.i18n import t

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "tour-password-2026"


def tour_lines(readme: Path = ROOT / "README.md") -> list[str]:
    """The ``./dev`` lines of the CLI tour, in order, comments kept (they carry expectations)."""
    text = readme.read_text(encoding="utf-8")
    section = text.split("## CLI tour", 1)[1]
    block = re.search(r"```bash\n(.*?)```", section, re.DOTALL)
    assert block, "the CLI tour has no ```bash block"
    return [line.strip() for line in block.group(1).splitlines()
            if line.strip().startswith("./dev ")]


def _command(line: str) -> tuple[str, int]:
    """The shell command for one tour line and the exit code it must end with."""
    code, _, comment = line.partition(" #")
    expected = 1 if re.search(r"\bexits 1\b", comment) else 0
    code = code.strip()
    if code.startswith("./dev serve"):
        code += " --help"
    exe = shlex.quote(sys.executable)
    return code.replace("./dev ", f"{exe} -m cli.main ", 1), expected


def test_the_tour_is_found_and_names_only_files_that_exist_or_that_it_writes() -> None:
    lines = tour_lines()
    assert lines[0].startswith("./dev init")
    assert any("factors import" in line for line in lines)
    assert not any("my_enterprise_factors.csv" in line for line in lines)


@pytest.mark.slow  # builds the demo warehouse and runs every command of the tour
def test_the_readme_cli_tour_runs_line_by_line(tmp_path: Path) -> None:
    (tmp_path / "sample_data").symlink_to(ROOT / "sample_data")
    env = dict(os.environ, PARKGHG_DB=str(tmp_path / "data" / "parkghg.duckdb"),
               PARKGHG_LOG_DIR=str(tmp_path / "logs"), PYTHONPATH=str(ROOT))
    env.pop("PARKGHG_DEMO", None)
    unexpected = t("common.internal_error", "vi", log="").split("{")[0][:30]
    failures = []
    for line in tour_lines():
        command, expected = _command(line)
        stdin = f"{PASSWORD}\n{PASSWORD}\n" if " user add " in line else None
        done = subprocess.run(command, shell=True, cwd=tmp_path, env=env, input=stdin,
                              capture_output=True, text=True, timeout=600)
        if done.returncode != expected or unexpected in done.stderr + done.stdout:
            failures.append((line, done.returncode, done.stderr[-600:]))
    assert not failures
