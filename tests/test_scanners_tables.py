"""scanners.tables: delimited tables in a text, and their cells read as "header: value"."""

import pytest

from scanners.tables import cell_batches, find_tables


@pytest.mark.parametrize(
    "text, headers, cells",
    [
        ("Naam;BSN;Plaats\nJan;1;Ede\nPiet;2;Epe\n", ("Naam", "BSN", "Plaats"), 6),
        ("Naam\tBSN\tPlaats\r\nJan\t1\tEde\r\n", ("Naam", "BSN", "Plaats"), 3),
        ("intro\n\nNaam | Geb. datum | E-mail\nJan | 1-2-1990 | j@x.nl\n", None, 3),
        ("Naam, Telefoon, Postcode\nJan, 06-12345678, 1234 AB\n", None, 3),
    ],
)
def test_tables_are_found(text, headers, cells):
    (table,) = find_tables(text)
    if headers is not None:
        assert table.headers == headers
    assert len(table.cells) == cells


@pytest.mark.parametrize(
    "text",
    [
        "Geen tabel hier, alleen een zin, met komma's.\nEn nog een, twee, drie.\n",
        "Naam;BSN;Plaats\n",  # a header without rows
        "Naam;BSN\nJan;1\n",  # two columns: too little to tell from prose
        "1;2;3\n4;5;6\n",  # a header line holds labels, not values
        "Jan Jansen, Kerkstraat 1, Ede\nPiet Pietersen, Dorpsweg 2, Epe\n",
    ],
)
def test_prose_and_value_lines_are_no_table(text):
    assert find_tables(text) == []


def test_rows_stop_where_the_cell_count_changes():
    text = "A;B;C\n1;2;3\n4;5;6\nslot; van de brief\n"
    (table,) = find_tables(text)
    assert len(table.cells) == 6
    assert text[table.body_start : table.body_end] == "1;2;3\n4;5;6"


def test_cells_are_read_as_header_and_value_with_offsets_back():
    text = "Naam;BSN;Ordernr\nJan de Vries ; 111222333;123\nAnna;;456\n"
    (table,) = find_tables(text)
    ((batch, placed),) = list(cell_batches(text, table, 1, max_chars=1000))
    assert batch == "BSN: 111222333\n"
    ((offset, cell),) = placed
    assert batch[offset : offset + cell.end - cell.start] == text[cell.start : cell.end]
    names = list(cell_batches(text, table, 0, max_chars=1000))
    assert names[0][0] == "Naam: Jan de Vries\nNaam: Anna\n"


def test_long_columns_come_in_batches():
    text = "Naam;BSN;Plaats\n" + "".join(f"Jan;{i};Ede\n" for i in range(100))
    (table,) = find_tables(text)
    batches = list(cell_batches(text, table, 1, max_chars=200))
    assert len(batches) > 1
    assert all(len(batch) <= 200 for batch, _ in batches)
    assert sum(len(placed) for _, placed in batches) == 100


def test_a_table_starts_at_its_header_line():
    text = "Export\nA;B;C\n1;2;3\n"
    (table,) = find_tables(text)
    assert text[table.header_start : table.body_start] == "A;B;C\n"
