"""The document model both writers use: metadata, chapters as HTML trees, headings, notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import html


@dataclass
class Heading:
    id: str
    level: int
    title: str  # plain text, for contents, nav and running heads
    short: str | None = None  # a short form for the running head: ## Title {short="Short"}


@dataclass
class Note:
    number: int  # 1, 2, … through the whole book, in reading order
    id: str  # the note's id (pandoc's fn… with the chapter prefix)
    ref_id: str  # the id of its reference in the text
    content: list[html.HtmlElement]  # the note's paragraphs, without pandoc's back link


@dataclass
class Chapter:
    path: Path
    tree: html.HtmlElement  # <div> holding pandoc's HTML: <section class="levelN"> per heading
    headings: list[Heading] = field(default_factory=list)


@dataclass
class Book:
    folder: Path
    slug: str
    meta: dict
    chapters: list[Chapter]
    notes: list[Note]
    images: list[Path]  # files inside the book folder that the text shows
    sources: list[Path]  # the Markdown files, for the PDF/A attachment and the build date
    index: object | None = None  # pamflet.index.Index, when the book has an index.yml

    @property
    def headings(self) -> list[Heading]:
        return [h for chapter in self.chapters for h in chapter.headings]

    @property
    def lang(self) -> str:
        return self.meta["lang"]
