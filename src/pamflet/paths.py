"""Where pamflet's own files are: the stock templates/ and styles/ (with the fonts) and the
press profile, package data (pyproject.toml), so that an installed pamflet finds them as well
as one run from the repository."""

from __future__ import annotations

import importlib.resources
from pathlib import Path

DATA = importlib.resources.files("pamflet") / "data"
TEMPLATES = Path(str(DATA / "templates")).resolve()
STYLES = Path(str(DATA / "styles")).resolve()
PROFILES = Path(str(DATA / "profiles")).resolve()  # the press PDF's CMYK output profile
