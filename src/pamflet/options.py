"""What a build is asked to make, checked once, at the CLI (click types) or by the library's
caller, before anything is read: `BuildOptions`."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from .errors import PamfletError
from .outputs import BY_NAME, DEFAULT, KINDS, SHEETS_MM

LENGTH = re.compile(r"(\d+(?:\.\d+)?)(mm|cm|pt|in)")


@dataclass(frozen=True)
class BuildOptions:
    only: tuple[str, ...] = DEFAULT  # output kinds (outputs.KINDS names)
    sheet: str = "A4"  # the booklet's sheet
    bleed: str = "3mm"  # the press PDF's bleed
    allow_raw_html: bool = False
    lenient: bool = False  # index terms that never occur are warnings

    def __post_init__(self):
        only = tuple(self.only) if not isinstance(self.only, str) else (self.only,)
        unknown = sorted(set(only) - set(BY_NAME))
        if unknown:
            raise PamfletError(None, f"unknown output format(s): {', '.join(unknown)} (choose from {', '.join(BY_NAME)})")
        # In the table's order, once each: the same request is the same build (and cache key).
        object.__setattr__(self, "only", tuple(kind.name for kind in KINDS if kind.name in only))
        if self.sheet not in SHEETS_MM:
            raise PamfletError(None, f"unknown sheet size '{self.sheet}' (choose from {', '.join(SHEETS_MM)})")
        if not LENGTH.fullmatch(self.bleed.strip()):
            raise PamfletError(None, f"bleed must be a length like 3mm, not {self.bleed!r}")
        object.__setattr__(self, "bleed", self.bleed.strip())

    def as_dict(self) -> dict:
        return asdict(self)
