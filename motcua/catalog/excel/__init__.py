"""Excel import and export of the whole catalogue (openpyxl).

One sheet per part; every row names its procedure code. Headers are Vietnamese with the
machine key in brackets ("Mã thủ tục [code]"), so a spreadsheet user can read them and the
parser can find columns in any order. Parsing validates everything and reports each problem
by sheet, row and column; nothing is written unless the whole file is valid."""

from .cells import CellError, CellReader, ImportFileError, Where, open_workbook, read_table
from .export import export_workbook
from .layout import HEADER, MAX_ROWS, REQUIRED, SHEETS, SPEC_TO_SHEET
from .parse import PROCEDURE_COLUMNS, Table, parse_workbook

__all__ = [
    "CellError",
    "CellReader",
    "HEADER",
    "ImportFileError",
    "MAX_ROWS",
    "PROCEDURE_COLUMNS",
    "REQUIRED",
    "SHEETS",
    "SPEC_TO_SHEET",
    "Table",
    "Where",
    "export_workbook",
    "open_workbook",
    "parse_workbook",
    "read_table",
]
