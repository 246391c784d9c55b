from pamflet.importer.tables import find_tables, numeric

from ..conftest import make_lines


def test_flattened_table_is_one_region_with_its_labels():
    lines = make_lines(
        "De volgende tabel toont de evolutie van de landbouwgezinnen tussen",
        "1917 en 1922:",
        "Industrie-",
        "arbeiders",
        "Leger",
        "1917 3.024.000 50.000",
        "2.000.000",
        "(Rode garde)",
        "1918 2.486.000 800.000 114.539 18.000.000",
        "1919 2.035.000 3.000.000 529.841",
        "1922 1.243.000",
        "De scherpe daling van het aantal fabrieksarbeiders is te wijten aan de enorme",
    )
    assert find_tables(lines, 78) == [(2, 11)]


def test_prose_with_years_is_not_a_table():
    lines = make_lines("In 1917, 1918 en 1919 groeide het leger van 50.000 tot 3.000.000 man,", "en in 1920 nog verder.")
    assert not numeric(lines[0])
    assert find_tables(lines, 78) == []
