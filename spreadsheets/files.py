"""Reading an uploaded CSV or XLSX file into a table, within the limits an import takes.

Everything refused here is refused as a whole file, before any row is read for meaning:
the kind of file, its size, its rows and columns, what an XLSX file expands to, a formula
in place of a value, and text in an encoding other than UTF-8 or UTF-16.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

import openpyxl
from openpyxl.utils import get_column_letter

from .columns import cell_text

MEGABYTE = 1024 * 1024
MAX_FILE_BYTES = 2 * MEGABYTE
# An XLSX file is a zip of XML: a small file can unpack to gigabytes. The sizes its zip
# directory declares are checked before anything is unpacked (zipfile never unpacks more
# than a member declares), and defusedxml stops entity expansion inside the XML.
MAX_UNZIPPED_BYTES = 20 * MEGABYTE
MAX_ZIP_MEMBERS = 500
MAX_ROWS = 10_000
MAX_COLUMNS = 50
FORMATS = ("csv", "xlsx")
# Excel's "CSV UTF-8" starts with the UTF-8 mark, its "Unicode Text" with a UTF-16 one.
_BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
SAVE_AS_CSV_UTF8 = 'Save it from your spreadsheet as "CSV UTF-8"'
FORMULAS_LISTED = 10
_PASTE_VALUES = "Copy, then Paste Special, Values: an import reads values, never formulas"


class FileRefused(Exception):
    """The file as a whole cannot be read; the message is for the user."""


def file_format(filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix not in FORMATS:
        raise FileRefused(
            f"{filename} is not a CSV or XLSX file, the only kinds that can be imported. "
            'Save it from your spreadsheet as "CSV UTF-8" or "Excel Workbook (.xlsx)"'
        )
    return suffix


@dataclass(frozen=True)
class Table:
    headers: list[str]
    #: (row number in the spreadsheet, cells), blank rows left out.
    rows: list[tuple[int, list]]


@dataclass(frozen=True)
class Limits:
    """How large a file an import takes. The defaults suit a list a person checks row by row;
    a resource whose rows come in bulk (figures by period, a month per row) names its own."""

    rows: int | None = None
    file_bytes: int | None = None
    unzipped_bytes: int | None = None

    # The module's constants are read when a file is, so that one setting moves every import.
    @property
    def most_rows(self) -> int:
        return self.rows or MAX_ROWS

    @property
    def most_bytes(self) -> int:
        return self.file_bytes or MAX_FILE_BYTES

    @property
    def most_unzipped(self) -> int:
        return self.unzipped_bytes or MAX_UNZIPPED_BYTES


def read_table(*, file_bytes: bytes, filename: str, limits: Limits = Limits()) -> Table:
    """The first sheet's heading row and the rows below it. Raises FileRefused."""
    kind = file_format(filename)
    if len(file_bytes) > limits.most_bytes:
        raise FileRefused(
            f"{filename} is larger than {limits.most_bytes // MEGABYTE} MB, the most an import "
            "takes. Split it into smaller files"
        )
    if not file_bytes.strip():
        raise FileRefused(f"{filename} is empty")
    records = (
        _csv_records(file_bytes, filename)
        if kind == "csv"
        else _xlsx_records(file_bytes, filename, limits.most_unzipped)
    )
    headers, rows = None, []
    for number, cells in records:
        if number > limits.most_rows + 1:
            raise FileRefused(
                f"{filename} has more than {limits.most_rows:,} rows, the most an import takes. "
                "Split it into smaller files"
            )
        beyond = next((i for i in range(MAX_COLUMNS, len(cells)) if cell_text(cells[i])), None)
        if beyond is not None:
            # Refused rather than cut off: a value past the limit would be lost unseen.
            last = get_column_letter(MAX_COLUMNS)
            raise FileRefused(
                f"{filename} has a value in column {get_column_letter(beyond + 1)} (row "
                f"{number}), beyond the {MAX_COLUMNS} columns an import reads (A to {last}). "
                f"Delete the columns after {last}"
            )
        if not any(cell_text(cell) for cell in cells):
            continue
        if headers is None:
            headers = [cell_text(cell) for cell in cells]
        else:
            rows.append((number, list(cells)))
    if headers is None:
        raise FileRefused(f"{filename} is empty")
    if not rows:
        raise FileRefused(f"{filename} has column headings but no rows below them")
    return Table(headers=headers, rows=rows)


def _binary_data(filename: str) -> str:
    return f"{filename} is not a CSV file: it holds binary data"


def _csv_text(data: bytes, filename: str) -> str:
    """The file's text: UTF-8 or UTF-16, told by its byte order mark, never guessed."""
    encoding = next((name for mark, name in _BYTE_ORDER_MARKS if data.startswith(mark)), None)
    if encoding is None and (data.startswith(b"PK\x03\x04") or b"\x00" in data):
        raise FileRefused(_binary_data(filename))
    try:
        text = data.decode(encoding or "utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileRefused(
            f"{filename} is not in UTF-8 or UTF-16: line {line} holds a character written "
            f"in another encoding (such as Windows-1252 or Latin-1). {SAVE_AS_CSV_UTF8}"
        ) from None
    if "\x00" in text:
        raise FileRefused(_binary_data(filename))
    # A mark saved twice (a file opened and saved again by a program that adds one) is
    # still only a mark, not the start of the first heading.
    return text.lstrip("\ufeff")


def _delimiter(text: str) -> str:
    """Tabs where the heading row is separated by tabs alone (Excel's "Unicode Text")."""
    heading = next((line for line in text.splitlines() if line.strip(" ,\t")), "")
    return "\t" if "\t" in heading and "," not in heading else ","


def _csv_records(data: bytes, filename: str) -> Iterator[tuple[int, list]]:
    text = _csv_text(data, filename)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as error:
        raise FileRefused(
            f"{filename} cannot be read as CSV at line {reader.line_num}: {error}"
        ) from None


def _xlsx_records(data: bytes, filename: str, most_unzipped: int) -> Iterator[tuple[int, list]]:
    not_xlsx = FileRefused(
        f"{filename} is not a readable XLSX spreadsheet (an older .xls file, a "
        "password-protected or a damaged workbook cannot be read): save it as "
        '"Excel Workbook (.xlsx)" or as CSV'
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise not_xlsx from None
    unzipped = sum(member.file_size for member in members)
    if len(members) > MAX_ZIP_MEMBERS or unzipped > most_unzipped:
        raise FileRefused(
            f"{filename} expands to {unzipped / MEGABYTE:,.0f} MB in {len(members)} parts when "
            f"opened; a spreadsheet may expand to at most {most_unzipped // MEGABYTE} MB "
            f"in {MAX_ZIP_MEMBERS} parts. Save the figures alone, or as CSV"
        )
    if "[Content_Types].xml" not in {member.filename for member in members}:
        raise not_xlsx
    try:
        # Formulas are read as formulas (data_only=False) so that they can be refused: the
        # value a formula shows is whatever the program that saved the file worked out,
        # and nothing at all in a file written by a program that never calculated it.
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl and defusedxml raise many kinds for a broken file
        raise not_xlsx from None
    try:
        sheet = workbook.active
        # The size a sheet declares may be wrong; read what is there, within the limits.
        sheet.reset_dimensions()
        formulas = []
        # Every cell of a row, however wide: read_table refuses a value past the limit.
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            formulas += [cell.coordinate for cell in cells if cell.data_type == "f"]
            yield number, [cell.value for cell in cells]
        if formulas:
            raise FileRefused(_formulas_refused(formulas))
    except FileRefused:
        raise
    except Exception:
        raise not_xlsx from None
    finally:
        workbook.close()


def _formulas_refused(cells: list[str]) -> str:
    listed = cells[:FORMULAS_LISTED]
    more = len(cells) - len(listed)
    if len(cells) == 1:
        return f"Cell {cells[0]} holds a formula; paste the value instead ({_PASTE_VALUES})"
    names = ", ".join(listed[:-1]) + f" and {listed[-1]}" if not more else ", ".join(listed)
    names += f" and {more:,} more" if more else ""
    return f"Cells {names} hold formulas; paste the values instead ({_PASTE_VALUES})"
