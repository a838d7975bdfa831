"""Dashboard messages, kept in one file per area under ``dash_parts/`` (each defines ``E``)."""

import importlib.util
from pathlib import Path

ENTRIES = []
for _path in sorted((Path(__file__).parent / "dash_parts").glob("*.py")):
    _spec = importlib.util.spec_from_file_location(f"dash_{_path.stem}", _path)
    _module = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(_module)
    ENTRIES += _module.E
