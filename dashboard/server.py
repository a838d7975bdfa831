"""The dashboard server's entry point: warm the caches, then run Streamlit in this process.

Why: Streamlit runs no app code until a browser connects, so a fresh server's first view used
to pay for reading the province (issue 9). ``parkghg serve`` starts ``python -m
dashboard.server run dashboard/app.py …`` instead of ``python -m streamlit run …``: the
warm-up thread reads the landing page's frames while Streamlit starts, into the same
process-wide caches the app's script uses (``dashboard.data`` is one module object).
"""

from __future__ import annotations

import sys


def main() -> int:
    """Start the warm-up, then hand the command line to Streamlit's own CLI."""
    import logging

    import streamlit  # noqa: F401 - creates Streamlit's loggers before their level is set

    from parkghg import log as plog

    plog.configure("INFO")
    # data.py's cached functions are declared before Streamlit's runtime exists; each would
    # warn that it starts in memory storage, which is what it uses under the runtime too
    caching = logging.getLogger("streamlit.runtime.caching.cache_data_api")
    level = caching.level
    caching.setLevel(logging.ERROR)
    try:
        from dashboard import data
    finally:
        caching.setLevel(level)

    data.warm_at_startup()
    from streamlit.web import cli

    return cli.main(prog_name="streamlit")


if __name__ == "__main__":
    sys.exit(main())
