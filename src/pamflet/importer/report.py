"""The proofreader's report: every decision worth checking, with input line numbers."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Report:
    source: str
    facts: list[str] = field(default_factory=list)
    sections: dict[str, list[str]] = field(default_factory=dict)

    def add(self, section: str, entry: str) -> None:
        self.sections.setdefault(section, []).append(entry)

    def count(self, section: str) -> int:
        return len(self.sections.get(section, []))

    def render(self) -> str:
        out = [f"# Import report for {self.source}", ""]
        out += [f"- {fact}" for fact in self.facts]
        for title, entries in self.sections.items():
            entries = sorted(entries, key=_line_number)
            out += ["", f"## {title} ({len(entries)})", ""]
            out += [f"- {entry}" for entry in entries]
        return "\n".join(out) + "\n"


def _line_number(entry: str) -> int:
    """Entries that start with ``line N`` are listed in input order (others keep their place)."""
    words = entry.split(" ", 2)
    return int(words[1].rstrip(":")) if words[0] == "line" and words[1].rstrip(":").isdigit() else 0
