"""parkghg: greenhouse-gas inventories for industrial parks (the ground-floor package)."""

#: The release, as ``pyproject.toml`` states it (tests/cli/test_startup.py checks they agree).
#: Kept here so ``parkghg --version`` need not read the installed package's metadata
#: (``importlib.metadata``: a third of that command's start-up, issue 9).
__version__ = "0.1.0"
