"""Spreadsheets in and out: the checks every imported file passes, and the import itself.

The admin's import pages and the import_figures/export_figures commands all come here, so
they refuse the same files with the same words. An import either writes every row or none:
it runs in one transaction, a preview (dry run) writes nothing, and a commit can be tied to
the preview the user saw (``expected_digest``), so it never writes something else.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import zipfile
from collections.abc import Iterator
from dataclasses import astuple, dataclass, replace
from typing import TYPE_CHECKING

import openpyxl
import tablib
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from import_export.formats.base_formats import XLSX
from import_export.results import RowResult
from openpyxl.utils import get_column_letter

from partners.resources import BLANK_MESSAGE, SpreadsheetResource, cell_text

from .resources import MeasureFiguresResource

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db.models import QuerySet

logger = logging.getLogger(__name__)

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

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
_OUTCOMES = {
    RowResult.IMPORT_TYPE_NEW: CREATE,
    RowResult.IMPORT_TYPE_UPDATE: UPDATE,
    RowResult.IMPORT_TYPE_SKIP: UNCHANGED,
}


class FileRefused(Exception):
    """The file as a whole cannot be read; the message is for the user."""


@dataclass(frozen=True)
class Problem:
    """Something wrong with the file, as its user would say where: row and column."""

    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = ", ".join(
            part
            for part in (
                f"Row {self.row}" if self.row else "",
                f'column "{self.column}"' if self.column else "",
            )
            if part
        )
        text = self.message.rstrip(".") + "."
        return f"{where[:1].upper()}{where[1:]}: {text}" if where else text


@dataclass(frozen=True)
class RowOutcome:
    row: int
    action: str
    record: str
    #: (column, old value, new value), as the file and the page show them.
    changes: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class ImportReport:
    filename: str
    problems: tuple[Problem, ...] = ()
    rows: tuple[RowOutcome, ...] = ()
    ignored_columns: tuple[str, ...] = ()
    committed: bool = False
    #: The rows would now change differently from the preview the user confirmed.
    stale: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems and not self.stale

    @property
    def created(self) -> list[RowOutcome]:
        return [row for row in self.rows if row.action == CREATE]

    @property
    def updated(self) -> list[RowOutcome]:
        return [row for row in self.rows if row.action == UPDATE]

    @property
    def unchanged(self) -> list[RowOutcome]:
        return [row for row in self.rows if row.action == UNCHANGED]

    @property
    def digest(self) -> str:
        """What the import does, row by row; equal digests mean equal changes."""
        payload = json.dumps([astuple(row) for row in self.rows], ensure_ascii=True)
        return hashlib.sha256(payload.encode()).hexdigest()

    @property
    def summary(self) -> str:
        added, updated, left = len(self.created), len(self.updated), len(self.unchanged)
        if self.committed:
            return f"Imported {self.filename}: {added} added, {updated} updated, {left} left alone"
        return f"{self.filename}: {added} to add, {updated} to update, {left} left alone"


# Reading files


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


def read_table(*, file_bytes: bytes, filename: str) -> Table:
    """The first sheet's heading row and the rows below it. Raises FileRefused."""
    kind = file_format(filename)
    if len(file_bytes) > MAX_FILE_BYTES:
        raise FileRefused(
            f"{filename} is larger than {MAX_FILE_BYTES // MEGABYTE} MB, the most an import "
            "takes. Split it into smaller files"
        )
    if not file_bytes.strip():
        raise FileRefused(f"{filename} is empty")
    records = (
        _csv_records(file_bytes, filename) if kind == "csv" else _xlsx_records(file_bytes, filename)
    )
    headers, rows = None, []
    for number, cells in records:
        if number > MAX_ROWS + 1:
            raise FileRefused(
                f"{filename} has more than {MAX_ROWS:,} rows, the most an import takes. "
                "Split it into smaller files"
            )
        if len(cells) > MAX_COLUMNS and any(cell_text(c) for c in cells[MAX_COLUMNS:]):
            raise FileRefused(f"{filename} has more than {MAX_COLUMNS} columns")
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


def _csv_records(data: bytes, filename: str) -> Iterator[tuple[int, list]]:
    if data.startswith(b"PK\x03\x04") or b"\x00" in data:
        raise FileRefused(f"{filename} is not a CSV file: it holds binary data")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's plain "CSV" on Windows writes Windows-1252 ("£", curly quotes).
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise FileRefused(
                f'{filename} is not a text CSV file: save it as "CSV UTF-8"'
            ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as error:
        raise FileRefused(
            f"{filename} cannot be read as CSV at line {reader.line_num}: {error}"
        ) from None


def _xlsx_records(data: bytes, filename: str) -> Iterator[tuple[int, list]]:
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
    if len(members) > MAX_ZIP_MEMBERS or unzipped > MAX_UNZIPPED_BYTES:
        raise FileRefused(
            f"{filename} expands to {unzipped / MEGABYTE:,.0f} MB in {len(members)} parts when "
            f"opened; a spreadsheet may expand to at most {MAX_UNZIPPED_BYTES // MEGABYTE} MB "
            f"in {MAX_ZIP_MEMBERS} parts. Save the figures alone, or as CSV"
        )
    if "[Content_Types].xml" not in {member.filename for member in members}:
        raise not_xlsx
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl and defusedxml raise many kinds for a broken file
        raise not_xlsx from None
    try:
        sheet = workbook.active
        # The size a sheet declares may be wrong; read what is there, within the limits.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
        yield from enumerate(rows, start=1)
    except FileRefused:
        raise
    except Exception:
        raise not_xlsx from None
    finally:
        workbook.close()


def _dataset(
    table: Table, resource: SpreadsheetResource
) -> tuple[tablib.Dataset, tuple[str, ...], list[Problem]]:
    """The table with the resource's columns only, named as the resource names them."""
    known = {name.casefold(): name for name in resource.known_columns()}
    problems, ignored, columns = [], [], {}
    for index, heading in enumerate(table.headers):
        if not heading:
            continue
        name = known.get(heading.casefold())
        if name is None:
            ignored.append(heading)
        elif name in columns.values():
            problems.append(Problem("This column appears twice", column=name))
        else:
            columns[index] = name
    for name in resource.required_columns():
        if name not in columns.values():
            problems.append(
                Problem(
                    "The file has no such column. Every import needs the columns "
                    + ", ".join(resource.required_columns()),
                    column=name,
                )
            )
    dataset = tablib.Dataset(headers=list(columns.values()))
    for number, cells in table.rows:
        for index, cell in enumerate(cells):
            if (
                index not in columns
                and cell_text(cell)
                and not (index < len(table.headers) and table.headers[index])
            ):
                problems.append(
                    Problem(
                        f"There is a value in column {get_column_letter(index + 1)}, "
                        "which has no heading",
                        row=number,
                    )
                )
        dataset.append([cells[i] if i < len(cells) else None for i in columns])
    return dataset, tuple(ignored), problems


# Importing


def spreadsheet_import(
    *,
    resource_class: type[SpreadsheetResource],
    file_bytes: bytes,
    filename: str,
    acting_user: User,
    dry_run: bool,
    expected_digest: str | None = None,
) -> ImportReport:
    """Check a file and import it: every row, or none.

    A dry run reports what would be added, updated and left alone, and writes nothing.
    Otherwise the rows are written in one transaction, each with the acting user in its
    history; any problem in any row rolls the whole file back. Given ``expected_digest``
    (a preview's ``digest``), the import is also rolled back, and reported ``stale``,
    unless it makes exactly the changes that preview showed.
    """
    report = ImportReport(filename=filename)
    plural = resource_class.verbose_name_plural()
    if not acting_user.has_perm(resource_class.permission("change")):
        return replace(
            report, problems=(Problem(f"You may not change {plural}, so you cannot import them"),)
        )
    try:
        table = read_table(file_bytes=file_bytes, filename=filename)
    except FileRefused as refusal:
        return replace(report, problems=(Problem(str(refusal)),))
    resource = resource_class(
        user=acting_user,
        change_reason=f"Imported from {filename}"[:100],
        sheet_rows=[number for number, _ in table.rows],
        lock=not dry_run,
    )
    dataset, ignored, problems = _dataset(table, resource)
    report = replace(report, ignored_columns=ignored)
    if problems:
        return replace(report, problems=tuple(problems))
    with transaction.atomic():
        result = resource.import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
            retain_instance_in_row_result=True,
        )
        report = replace(report, **_outcomes(result, resource))
        if dry_run or not report.ok:
            transaction.set_rollback(True)
            return report
        if expected_digest is not None and report.digest != expected_digest:
            transaction.set_rollback(True)
            return replace(report, stale=True)
        return replace(report, committed=True)


def figures_import(
    *,
    file_bytes: bytes,
    filename: str,
    acting_user: User,
    dry_run: bool,
    expected_digest: str | None = None,
) -> ImportReport:
    """Import the figures of existing measures (see MeasureFiguresResource)."""
    return spreadsheet_import(
        resource_class=MeasureFiguresResource,
        file_bytes=file_bytes,
        filename=filename,
        acting_user=acting_user,
        dry_run=dry_run,
        expected_digest=expected_digest,
    )


def _outcomes(result, resource: SpreadsheetResource) -> dict:
    problems, rows = [], []
    for error in result.base_errors:
        logger.error("Spreadsheet import failed", exc_info=error.error)
        problems.append(Problem("The file could not be imported because of an unexpected error"))
    for index, row_result in enumerate(result.rows):
        number = resource.sheet_row(index + 1)
        if row_result.validation_error is not None:
            problems.extend(_row_problems(number, row_result.validation_error, resource))
        elif row_result.errors:
            logger.error("Spreadsheet row failed", exc_info=row_result.errors[0].error)
            problems.append(
                Problem("This row could not be imported: an unexpected error", row=number)
            )
        else:
            action = _OUTCOMES[row_result.import_type]
            rows.append(RowOutcome(number, action, row_result.key, tuple(row_result.changes)))
    return {"problems": tuple(dict.fromkeys(problems)), "rows": tuple(rows)}


def _row_problems(number: int, error: ValidationError, resource) -> list[Problem]:
    problems = []
    by_field = getattr(error, "error_dict", None) or {NON_FIELD_ERRORS: error.error_list}
    model_fields = {field.name: field for field in resource._meta.model._meta.fields}
    for name, errors in by_field.items():
        column = resource.column_for(name)
        for item in errors:
            message = BLANK_MESSAGE if item.code in ("blank", "null") else " ".join(item.messages)
            if column is None and name in model_fields:
                message = f"{str(model_fields[name].verbose_name).capitalize()}: {message}"
            problems.append(Problem(message, row=number, column=column))
    return problems


# Exporting


def spreadsheet_export(
    *,
    resource_class: type[SpreadsheetResource],
    queryset: QuerySet,
    file_format: str,
    acting_user: User | None = None,
) -> bytes:
    """The rows as CSV (UTF-8 with the mark Excel looks for) or XLSX bytes.

    Text a spreadsheet would run as a formula is escaped; numbers stay numbers.
    """
    dataset = resource_class(user=acting_user).export(queryset=queryset)
    dataset.title = resource_class.verbose_name_plural().capitalize()
    if file_format == "csv":
        return dataset.export("csv").encode("utf-8-sig")
    if file_format == "xlsx":
        return XLSX().export_data(dataset)
    raise ValueError(f"Unknown spreadsheet format {file_format!r}.")


def figures_export(
    *, queryset: QuerySet, file_format: str, acting_user: User | None = None
) -> bytes:
    return spreadsheet_export(
        resource_class=MeasureFiguresResource,
        queryset=queryset,
        file_format=file_format,
        acting_user=acting_user,
    )
