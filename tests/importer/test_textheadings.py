"""Heading evidence in pdftotext's text: chapter labels and section numbers set apart."""

from pamflet.importer.lines import Line
from pamflet.importer.textheadings import join_section_numbers, mark_bylines, mark_figure_labels


def _page(*texts):
    return [Line(no, text, gap_before=True) for no, text in enumerate(texts, start=1)]


def test_chapter_label_above_its_title():
    page = _page("ROZDZIAŁ 1", "Tytuł rozdziału pierwszego", "Treść punktu jeden, treść punktu jeden.")
    join_section_numbers([page])
    assert [line.heading for line in page] == [False, True, None]
    assert page[0].text == "ROZDZIAŁ 1"  # the label is kept, as the author wrote it


def test_section_number_and_margin_label_before_the_heading():
    page = _page("2.1", "hyphenation", "Césures", "En dehors des règles générales de coupure des mots, le lexique indique …")
    join_section_numbers([page])
    assert [line.text for line in page] == ["2.1", "hyphenation", "Césures", page[3].text]
    assert page[2].heading is True


def test_section_number_alone_joins_the_heading_after_it():
    page = _page("2.3", "Personal und Rede", "Die Rede ist lang.")
    join_section_numbers([page])
    assert page[0].text == "2.3 Personal und Rede" and page[0].heading is True


def test_part_names_alone_on_a_line_are_headings():
    from pamflet.importer.textheadings import mark_part_names

    lines = _page("Abstract", "This document describes the patterns.", "Bibliografia", "Streszczenie:", "Abstract thinking is hard.")
    mark_part_names(lines)
    assert [line.heading for line in lines] == [True, None, True, True, None]


def test_heading_levels_from_the_numbering_depth(tmp_path):
    from pamflet.importer import import_file

    raw = tmp_path / "essay.txt"
    prose = "Dit is een gewone zin van de tekst die lang genoeg is om een volle regel te vullen en dat doet.\n"
    raw.write_text("Een essay\n\n1 Inleiding\n\n" + prose + "\n1.1 De vraag\n\n" + prose + "\n1.1.1 Een detail\n\n" + prose + "\n2 Besluit\n\n" + prose, encoding="utf-8")
    markdown = import_file(raw, lang="nl").markdown
    assert "\n## 1 Inleiding\n" in markdown and "\n### 1.1 De vraag\n" in markdown
    assert "\n#### 1.1.1 Een detail\n" in markdown and "\n## 2 Besluit\n" in markdown


def _lines(*texts):
    return [Line(no, text) for no, text in enumerate(texts, start=1)]


def test_byline_under_a_title_stays_a_line_of_its_own():
    lines = _lines("time she had killed the Horrors dead.", "The Kind Giver and the Grudging Giver", "by Basil Hall Chamberlain", "A certain man had laid his net.")
    report = mark_bylines(lines)
    assert [line.heading for line in lines] == [None, True, False, None]
    assert [line.text for line in lines][2] == "by Basil Hall Chamberlain" and len(report) == 1


def test_no_byline_in_running_prose_or_a_broken_name():
    prose = _lines("the silver puppy excreted, it excreted silver.", "The man greatly enriched himself", "by selling the metal.")
    names = _lines("Simon Fear", "Überführt ins Deutsche", "von Thomas Manderla und", "Christine Römer")
    assert mark_bylines(prose) == [] and mark_bylines(names) == []
    assert all(line.heading is None for line in prose + names)


def test_numbered_labels_under_a_caption_are_no_headings():
    lines = _lines("Figure 1. Five Pillars of the Strategy", "1 Defend critical infrastructure", "1.1: Establish requirements",
                   "1.2: Scale collaboration", "1.3: Integrate centers", "2.1 Results of the survey", "The text goes on here.", "Opportunities")
    lines[1].heading = True  # as join_section_numbers leaves "1" / "Defend …"
    mark_figure_labels(lines)
    assert [line.heading for line in lines[1:5]] == [False] * 4
    assert lines[5].heading is None  # a section numbered on two levels stays free
    assert lines[7].heading is None  # after the first sentence's end the figure is over


def test_a_caption_below_its_figure_leaves_the_next_heading():
    lines = _lines("Figure 7: Motion of the observer", "Coding an object", "In order to extend the package, it is needed.")
    lines[1].heading = True  # as the chapter label "Appendix B" above it leaves it
    mark_figure_labels(lines)
    assert lines[1].heading is True


def test_roman_numeral_over_a_title_in_capitals():
    page = _page("I", "HOW OLIVER CAME TO LONDON", "Oliver Twist was the son of a poor lady.")
    join_section_numbers([page])
    assert [line.heading for line in page] == [False, True, None] and page[0].text == "I"
