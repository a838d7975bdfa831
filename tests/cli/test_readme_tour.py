"""Issue 11, problem 7: the README's CLI tour runs, line by line, as written.

The tour is read from README.md (the fenced block under "## CLI tour"), so the README cannot
drift from what works: each ``./dev ...`` line runs, in order, in a fresh directory against a
new warehouse. A line marked ``# exits 1`` must exit 1; every other line must exit 0 and never
print the "unexpected error" notice. ``serve`` (a server that keeps running) is checked with
``--help`` only; ``user add`` gets its password on stdin.

How a line runs: the first line, and every line using the shell (a pipe such as
``| head -5``), runs as ``python -m cli.main ...`` under ``sh`` in its own process, as a
reader's terminal would. The others run in this process through click's ``CliRunner`` with
the same arguments (split like the shell does, globs expanded in the working folder), the
same environment and the same working folder: the tour is about the commands and their
arguments, and some thirty interpreter start-ups (1-2 s each) were half of the test's time.
Process start-up itself is covered by the first line here, and by the SIGKILL, concurrency,
closed-pipe and browser tests.
"""

from __future__ import annotations

import glob
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import cli
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


SHELL_SYNTAX = re.compile(r"[|;&<>`$]")  # a line the shell must run (pipe, redirect, ...)


def _arguments(command: str, cwd: Path) -> list[str]:
    """``./dev ARGS`` -> ARGS as the shell passes them: split, then globs expanded (sorted, as
    sh sorts them; a pattern matching nothing is passed on unchanged, as sh does)."""
    args: list[str] = []
    for word in shlex.split(command.removeprefix("./dev ")):
        matches = sorted(glob.glob(word, root_dir=cwd)) if glob.has_magic(word) else []
        args.extend(matches or [word])
    return args


def _run_in_process(line: str, cwd: Path, stdin: str | None) -> tuple[int, str]:
    """One tour line through click's runner in this process (cwd and environment already set).

    An exception the CLI's own edge did not turn into a message counts as a failure whatever
    the exit code (``CliRunner`` reports it with exit code 1, which ``# exits 1`` expects).
    """
    code, _, _ = line.partition(" #")
    code = code.strip()
    if code.startswith("./dev serve"):
        code += " --help"
    result = CliRunner().invoke(cli, _arguments(code, cwd), input=stdin, prog_name="parkghg")
    crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
    output = result.output + (f"\nuncaught: {result.exception!r}" if crashed else "")
    return (-1 if crashed else result.exit_code), output


def test_the_tour_is_found_and_names_only_files_that_exist_or_that_it_writes() -> None:
    lines = tour_lines()
    assert lines[0].startswith("./dev init")
    assert any("factors import" in line for line in lines)
    assert not any("my_enterprise_factors.csv" in line for line in lines)


@pytest.mark.slow  # builds the demo warehouse and runs every command of the tour
def test_the_readme_cli_tour_runs_line_by_line(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sample_data").symlink_to(ROOT / "sample_data")
    monkeypatch.setenv("PARKGHG_DB", str(tmp_path / "data" / "parkghg.duckdb"))
    monkeypatch.setenv("PARKGHG_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.delenv("PARKGHG_DEMO", raising=False)
    monkeypatch.chdir(tmp_path)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    unexpected = t("common.internal_error", "vi", log="").split("{")[0][:30]
    failures = []
    in_process = 0
    for number, line in enumerate(tour_lines()):
        command, expected = _command(line)
        stdin = f"{PASSWORD}\n{PASSWORD}\n" if " user add " in line else None
        if number == 0 or SHELL_SYNTAX.search(line.partition(" #")[0]):
            done = subprocess.run(command, shell=True, cwd=tmp_path, env=env, input=stdin,
                                  capture_output=True, text=True, timeout=600)
            code, output = done.returncode, done.stderr + done.stdout
        else:
            code, output = _run_in_process(line, tmp_path, stdin)
            in_process += 1
        if code != expected or unexpected in output:
            failures.append((line, code, output[-600:]))
    assert not failures
    assert 0 < in_process < len(tour_lines()) - 1  # both ways were exercised
