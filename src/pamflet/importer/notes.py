"""Find the notes section at the end (`NOTEN`, `Notes`, …) by its numbered definitions.

The section is recognised by structure, not by its heading word: lines starting with
``[1]``, ``[2]``, … in order, after the body has used those numbers as markers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lines import Line, ends_sentence

DEFINITION = re.compile(r"^\[(\d{1,3})\]\s*")
MARKER = re.compile(r"\[(\d{1,3})\]")
_URL_LINE = re.compile(r"^<?(https?://|www\.)\S+>?$")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>]+")


@dataclass
class NotesSection:
    start: int  # index of the heading (or first definition) in the body lines
    heading: Line | None
    notes: dict[int, list[Line]] = field(default_factory=dict)
    residue: list[Line] = field(default_factory=list)


def find_notes(lines: list[Line], known_from: int | None = None) -> NotesSection | None:
    """The last run of ``[1]``, ``[2]``, … definitions whose numbers the text before uses.
    ``known_from``: definitions from this line on were taken from the page foot (the PDF's or
    the text's), so they are notes whatever the text's citations look like; a run before it
    (a numbered reference list) is judged like any other."""
    starts = [i for i, line in enumerate(lines) if DEFINITION.match(line.text) and DEFINITION.match(line.text).group(1) == "1"]
    for start in reversed(starts):
        notes = _collect(lines[start:])
        used = {int(n) for line in lines[:start] for n in MARKER.findall(line.text)}
        has_text = all(any(ch.isalpha() for line in note for ch in strip_definition(line.text)) for note in notes.values())
        if has_text and sum(n in used for n in notes) * 2 >= len(notes):
            if (known_from is None or start < known_from) and _references(lines, start, notes):
                continue  # a numbered reference list, cited as [1], [3, 4]: it stays a list
            section = NotesSection(start, None, notes)
            if start and _heading_like(lines[start - 1]):
                section.heading = lines[start - 1]
                section.start = start - 1
            section.residue = _link_residue(lines, start, notes)
            for n, note_lines in notes.items():
                notes[n] = [line for line in note_lines if line not in section.residue]
            return section
    return None


_REFERENCES = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s*)?(references|bibliography|bibliografie|bibliographie|bibliografía|bibliografia|"
    r"literatur|literaturverzeichnis|literatuur|literatuurlijst|literatura|works cited|quellen|sources|"
    r"références|referencias|referenze|riferimenti bibliografici|bronnen)$",
    re.I,
)
_GROUP = re.compile(r"\[\d{1,3}(?:\s*[,;–-]\s*\d{1,3})+\]")


def _references(lines: list[Line], start: int, notes: dict[int, list[Line]]) -> bool:
    """Definitions under a References heading, or cited the way references are — several at
    once ("[3, 4]"), the same one again, out of order — are a reference list, not notes
    (a note is called once, in order)."""
    for back in range(1, 3):
        if start - back >= 0 and _REFERENCES.match(lines[start - back].text.strip(" :")):
            return True
    body = " ".join(line.text for line in lines[:start])
    if _GROUP.search(body):
        return True
    calls = [int(n) for n in MARKER.findall(body) if int(n) in notes]
    firsts = list(dict.fromkeys(calls))
    repeated = len(calls) - len(firsts)
    return len(notes) >= 3 and (repeated >= max(2, len(notes) // 3) or firsts != sorted(firsts))


def _collect(lines: list[Line]) -> dict[int, list[Line]]:
    notes: dict[int, list[Line]] = {}
    expected = 1
    for line in lines:
        m = DEFINITION.match(line.text)
        if m and int(m.group(1)) == expected:
            notes[expected] = [line]
            expected += 1
        else:
            notes[expected - 1].append(line)
    return notes


def _heading_like(line: Line) -> bool:
    return len(line.text.split()) <= 3 and not ends_sentence(line.text) and not MARKER.search(line.text)


def _link_residue(lines: list[Line], start: int, notes: dict[int, list[Line]]) -> list[Line]:
    """A line that is only a URL already given elsewhere is the PDF's link text, not the author's."""
    residue = []
    for note_lines in notes.values():
        for line in note_lines[1:]:
            if not _URL_LINE.match(line.text):
                continue
            url = line.text.strip("<>")
            if any(url in _URL.findall(other.text) for other in lines if other is not line):
                residue.append(line)
    return residue


def strip_definition(text: str) -> str:
    return DEFINITION.sub("", text, count=1)
