"""Layout rules of PDF input on lines built by hand: frames a layout program wrote out of
reading order, dingbat borders, a diagram's repeated labels, chapter numbers over capitals,
bylines under a story's title. (The real documents behind them, en-gao and en-pdkids, are in
the benchmark's corpus, fetched by tests/data/real/fetch.sh.)"""

from collections import Counter

from pamflet.importer.lines import Line
from pamflet.importer.pagenotes import _foot_block_last, extract_notes
from pamflet.importer.pdf import PdfDocument, PdfLine, Span
from pamflet.importer.pdflines import _chapter_labels, _ornament, _repeated_labels, to_lines
from pamflet.importer.pdftitle import read_pdf_title_block


def _pl(text, size, y, x=25, bold=False, raised=None):
    spans = [Span(text, size, bold, False, x, x + 5 * len(text), y, y + size, y + size)]
    if raised:
        spans.append(Span(raised, size * 0.6, False, False, x + 5 * len(text), x + 5 * len(text) + 4, y, y + size * 0.6, y + size * 0.6, superscript=True))
    return PdfLine(1, spans, x, y, x + 5 * len(text), y + size).finish()


PROSE = "the nation's cybersecurity threats and challenges is urgent and necessary to all of us"


def test_foot_notes_written_before_the_figure_come_back_to_the_page_end():
    body = [_pl(PROSE, 10, 200 + 12 * k) for k in range(30)]
    body[3] = _pl(PROSE, 10, 236, raised="1")
    notes = [_pl("1 GAO, Cybersecurity: Clarity of Leadership Urgently Needed", 6, 732)]
    figure = [_pl("Figure 1. Five Pillars", 9, 164, x=313), _pl("1.1: Establish requirements", 7, 233, x=386)]
    title = [_pl("Cybersecurity: Launching", 19, 89)]
    page = body + notes + figure + title
    moved = _foot_block_last(page, 10)
    assert moved[-1] is notes[0] and len(moved) == len(page)
    doc = PdfDocument([list(page)], [792.0], [612.0], 10, {})
    found = extract_notes(doc)
    assert [line.text for line in found.notes[1]] == ["[1] GAO, Cybersecurity: Clarity of Leadership Urgently Needed"]


def test_notes_already_at_the_end_stay_where_they_are():
    page = [_pl(PROSE, 10, 200 + 12 * k) for k in range(10)] + [_pl("1 A note.", 6, 732)]
    assert _foot_block_last(page, 10) is page


def test_the_title_frame_written_last_opens_the_title_block():
    def line(no, text, size, top, bold=False):
        return Line(no, text, page=1, size=size, bold=bold, top=top, bottom=top + size)

    lines = [line(1, "Threats Highlight the Importance of Establishing Leadership in Cybersecurity", 10, 164, bold=True)]  # joined by pdflines
    lines += [line(3 + k, "Federal agencies and our nation's critical infrastructure depend on technology systems", 10, 192 + 12 * k) for k in range(20)]
    lines += [line(30, "June 2023", 11, 67, bold=True), line(31, "Cybersecurity: Launching", 19, 89), line(32, "and Implementing the National", 19, 112), line(33, "Cybersecurity Strategy", 19, 135)]
    block = read_pdf_title_block(lines, 10, "en")
    assert block.title == "Cybersecurity: Launching and Implementing the National Cybersecurity Strategy"


def test_a_byline_under_a_heading_in_body_type_is_not_the_documents_author():
    def line(no, text, size, top, bold=False):
        return Line(no, text, page=1, size=size, bold=bold, top=top, bottom=top + size)

    lines = [
        line(1, "PD KIDS", 40, 57),
        line(2, "Public domain texts for young people.", 16, 102),
        line(3, "The Buried Moon - An English Fairy Tale", 10.5, 144, bold=True),
        line(4, "by Edmund Dulac", 10.5, 170),
        line(5, "In my old Granny's days, long, long--oh, so long ago, Carland was just a", 10.5, 196),
    ]
    block = read_pdf_title_block(lines, 10.5, "en")
    assert (block.title, block.subtitle_lines[0].text, block.author) == ("PD KIDS", "Public domain texts for young people.", None)
    assert lines[2].heading is not False


def test_dingbat_letters_are_no_heading_but_rare_words_are():
    vocabulary = Counter({"kikikikiki": 1, "hbceak": 1, "opportunities": 1, "acknowledgments": 1})
    assert _ornament("kikikikiki", vocabulary)
    assert _ornament("gtgtgtgtg gtgtgtgtg", Counter({"gtgtgtgtg": 2}))
    assert not _ornament("Opportunities", vocabulary)
    assert not _ornament("Acknowledgments", vocabulary)
    assert not _ornament("Schifffahrt", Counter({"schifffahrt": 1}))  # a letter tripled is no border


def _line(no, text, heading=False, gap=False, page=1):
    return Line(no, text, page=page, heading=heading, gap_before=gap)


def test_a_label_repeated_over_the_same_line_is_no_heading():
    out, levels = [], {}
    for k in range(4):
        out += [_line(10 * k + 1, "Code List", heading=True, page=k + 1), _line(10 * k + 2, "«CodeList»", page=k + 1)]
        levels[10 * k + 1] = 3
    out += [_line(50, "Exercises", heading=True), _line(51, "1. Prove it.")]
    out += [_line(60, "Exercises", heading=True, page=2), _line(61, "1. Show that.")]
    out += [_line(70, "Exercises", heading=True, page=3), _line(71, "1. Compute it.")]
    _repeated_labels(out, levels)
    assert not any(line.heading for line in out if line.text == "Code List") and not any(k % 10 == 1 and k < 50 for k in levels)
    assert all(line.heading for line in out if line.text == "Exercises")


def test_a_chapter_number_alone_over_capitals_makes_them_the_heading():
    out = [_line(1, "I", gap=True), _line(2, "HOW OLIVER CAME TO LONDON AND WHAT HE FOUND THERE", gap=True), _line(3, "Oliver Twist was the son of a poor lady", gap=True)]
    levels: dict[int, int] = {}
    _chapter_labels(out, levels)
    assert [line.heading for line in out] == [False, True, False] and levels == {2: 2}
    prose = [_line(1, "II", gap=True), _line(2, "THE END OF IT.", gap=True), _line(3, "Then it went on", gap=True)]
    _chapter_labels(prose, {})
    assert not prose[1].heading  # a sentence in capitals


def test_lines_set_flush_right_start_no_paragraph_by_their_indent():
    lines = [_pl(t, 10, 100 + 12 * k, x=300 - 5 * len(t)) for k, t in enumerate(["In my old Granny's days, long, long ago, it was", "just a collection of bogs. Pools of black water", "lay in the hollows."])]
    lines.insert(0, _pl(PROSE, 10, 88, x=30))
    lines = [PdfLine(1, l.spans, l.x0, l.y0, 300, l.y1).finish() for l in lines]
    doc = PdfDocument([lines], [792.0], [612.0], 10, {})
    out, _, _ = to_lines(doc, {})
    assert [line.indented for line in out[2:]] == [False, False]


def _page(rows):
    """Lines of body type 10, 12 pt apart, each (x, text), on one page of a PDF."""
    lines = [_pl(text, 10, 100 + 12 * k, x=x) for k, (x, text) in enumerate(rows)]
    return to_lines(PdfDocument([lines], [792.0], [612.0], 10, {}), {})[0]


def test_a_list_items_hanging_lines_go_on_with_it():
    out = _page([(25, PROSE), (25, "and so it was found that:"), (40, "1. the author writes a source in which tags say what"),
                 (52, "each part is, so that the form is left to the"), (52, "program."), (40, "2. the program then sets the text"),
                 (52, "and writes the PDF."), (25, PROSE)])
    assert [line.gap_before for line in out] == [False, False, True, False, False, True, False, False]


def test_a_quotation_set_in_goes_on_but_a_first_line_indent_opens_a_paragraph():
    out = _page([(25, PROSE), (45, "a quotation set in on the left, line after line, long"), (45, "enough to run on"), (45, "to a third line."),
                 (25, PROSE), (37, "A new paragraph opens with an indent of its first line"), (25, PROSE)])
    # the quotation's first line is judged by its text (or the space above it): set in as far
    # as the next line, it is no first-line indent
    assert [line.gap_before for line in out][2:] == [False, False, False, True, False]


def test_a_page_set_ragged_left_has_no_indents():
    rows = [(25 + (k * 37) % 60, PROSE[: 60 + k % 20]) for k in range(12)]
    assert not any(line.indented for line in _page(rows))


def test_a_note_at_the_foot_of_the_left_column_is_found_before_the_right_column():
    left = [_pl(PROSE[:60], 10, 100 + 12 * k, x=25) for k in range(40)]
    left[5] = _pl(PROSE[:58], 10, 160, x=25, raised="1")
    note = [_pl("1 The code and the models are at an address given here.", 8, 700, x=25)]
    right = [_pl(PROSE[:60], 10, 100 + 12 * k, x=320) for k in range(51)]  # down beside the note
    doc = PdfDocument([left + note + right], [792.0], [612.0], 10, {})
    found = extract_notes(doc)
    assert [line.text for line in found.notes[1]] == ["[1] The code and the models are at an address given here."]
    assert len(doc.pages[0]) == len(left) + len(right) and doc.pages[0][-1].x0 == 320  # the text, in its order, without the note
    # small type ending the left column that no mark opens (a figure's labels) stays text
    labels = [_pl("Figure 2: the pipeline", 8, 700, x=25)]
    doc = PdfDocument([left + labels + right], [792.0], [612.0], 10, {})
    assert not extract_notes(doc).notes and len(doc.pages[0]) == len(left) + 1 + len(right)


def test_a_first_line_indent_in_the_right_column_opens_a_paragraph():
    left = [(25, PROSE[:60]) for _ in range(20)]
    right = [(320, PROSE[:60]), (320, "and the paragraph ends here."), (332, "A new one opens with an indent in this column,"), (320, PROSE[:60])]
    lines = [_pl(t, 10, 100 + 12 * k, x=x) for k, (x, t) in enumerate(left)] + [_pl(t, 10, 100 + 12 * k, x=x) for k, (x, t) in enumerate(right)]
    out = to_lines(PdfDocument([lines], [792.0], [612.0], 10, {}), {})[0]
    assert [line.gap_before for line in out[20:]] == [False, False, True, False]


def test_conference_headings_in_body_type_or_small_capitals():
    def line(text, y, size=10, italic=False, x=25):
        spans = [Span(text, size, False, italic, x, x + 5 * len(text), y, y + size, y + size)]
        return PdfLine(1, spans, x, y, x + 5 * len(text), y + size).finish()

    rows = [line(PROSE, 100), line(PROSE, 112), line("I. EINLEITUNG", 140, size=8), line(PROSE, 160), line(PROSE, 172),
            line("A. Motivation", 200, italic=True), line(PROSE, 220), line("A. Nicole Clowers, Managing Director", 232, italic=True), line(PROSE, 244)]
    out, _, levels = to_lines(PdfDocument([rows], [792.0], [612.0], 10, {}), {})
    assert [line.text for line in out if line.heading] == ["I. EINLEITUNG", "A. Motivation"]
    assert [levels[line.no] for line in out if line.heading] == [2, 3]
