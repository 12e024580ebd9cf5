"""Reading a file and its cells, without any app: the limits, and a round trip unchanged."""

import pytest

from spreadsheets import files
from spreadsheets.columns import FORMULA_PREFIXES, cell_text, formula_safe


def test_a_csv_is_read_as_its_heading_row_and_the_rows_below_blank_rows_left_out():
    data = "\ufeffReference,Actual\r\n,\r\nKS5,634\r\n".encode()

    table = files.read_table(file_bytes=data, filename="figures.csv")

    assert table.headers == ["Reference", "Actual"]
    assert table.rows == [(3, ["KS5", "634"])]


@pytest.mark.parametrize(
    "filename, data, message",
    [
        ("figures.ods", b"x", "figures.ods is not a CSV or XLSX file"),
        ("figures.csv", b"  \r\n", "figures.csv is empty"),
        ("figures.csv", b"Reference\r\n", "figures.csv has column headings but no rows"),
        ("figures.csv", b"a" * (files.MAX_FILE_BYTES + 1), "figures.csv is larger than 2 MB"),
    ],
)
def test_a_file_outside_the_limits_is_refused_as_a_whole(filename, data, message):
    with pytest.raises(files.FileRefused, match=message):
        files.read_table(file_bytes=data, filename=filename)


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES)
def test_text_a_spreadsheet_would_run_is_escaped_and_read_back_as_it_was(prefix):
    text = f"{prefix}SUM(A1)"

    exported = formula_safe(text)

    assert exported == f"'{text}"
    assert cell_text(exported) == text
