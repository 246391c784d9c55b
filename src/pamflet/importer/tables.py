"""Flag table-like regions: runs of lines dominated by numbers, with their short label lines."""

from __future__ import annotations

import re

from .lines import Line, ends_sentence

_NUMBER = re.compile(r"^[(\[]?[-–+]?\d[\d.,]*%?[)\]]?$|^\d{4}[-–/]\d{2,4}$")


def numeric(line: Line) -> bool:
    tokens = line.text.split()
    numbers = sum(bool(_NUMBER.match(t)) for t in tokens)
    return numbers >= 1 and numbers * 2 >= len(tokens) and not ends_sentence(line.text.rstrip(".,"))


def find_tables(lines: list[Line], full: float) -> list[tuple[int, int]]:
    """Index ranges [start, end) of table-like regions."""
    short = 0.6 * full
    regions: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if not numeric(lines[i]):
            i += 1
            continue
        end, count, j = i + 1, 1, i + 1
        while j < len(lines) and j - end <= 3 and (numeric(lines[j]) or len(lines[j]) < short):
            if numeric(lines[j]):
                count += 1
                end = j + 1
            j += 1
        if count >= 3:
            start = i
            while start > 0 and len(lines[start - 1]) < short and not ends_sentence(lines[start - 1].text):
                start -= 1
            while end < len(lines) and len(lines[end]) < short and not ends_sentence(lines[end].text) and not lines[end].text[:1].isupper():
                end += 1
            regions.append((start, end))
            i = end
        else:
            i += 1
    return regions
