"""The local (or shared-drive) folder: which files hold which table, and their raw cells.

Input files are read with python-calamine, never openpyxl: it is several times faster and
reads .xls (WPS/legacy Excel) too. Report workbooks (.xlsx/.xlsm) are first read column by column
with fastexcel, when it is installed: one Arrow column of text per sheet column costs little more
than the file's XML, where a Python object per cell costs as much again (docs/PERFORMANCE.md).
"""
from __future__ import annotations

import csv
import io
import itertools
import os
import re
from pathlib import Path

from lib.floor.sources import FileRef, RawSheet, SourceError

EXCEL = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
READABLE = EXCEL | {".csv"}
# File stems that name a table at the top of the data folder (the reports are a folder).
STEMS = {
    "schedule": ("schedule", "排班", "roster"),
    "projects": ("projects", "project", "项目", "每日项目"),
}

READS = {"count": 0}   # how many files were actually opened; tests and the benchmark read it
COLUMNAR = {".xlsx", ".xlsm"}   # report workbooks read column by column (fastexcel) when it is installed


def _is_data_file(p: Path) -> bool:
    # Office and WPS leave lock files (~$x.xlsx, .~lock.x#) beside open workbooks.
    return p.is_file() and p.suffix.lower() in READABLE and not p.name.startswith(("~$", ".~", "."))


def _ref(table: str, root: Path, p: Path) -> FileRef:
    st = p.stat()
    return FileRef(table, p, p.relative_to(root).as_posix(), st.st_size, st.st_mtime)


def table_of(name: str) -> str | None:
    """Which input table a top-level file name belongs to, if any."""
    stem = Path(name).stem.lower()
    for table, prefixes in STEMS.items():
        if any(stem.startswith(px) for px in prefixes):
            return table
    return None


def list_files(root: Path) -> list[FileRef]:
    """The input files of a data folder: schedule.*, projects.*, and everything under reports/."""
    refs: list[FileRef] = []
    if not root.is_dir():
        return refs
    for p in sorted(root.iterdir()):
        if _is_data_file(p) and (table := table_of(p.name)):
            refs.append(_ref(table, root, p))
    reports = root / "reports"
    if reports.is_dir():
        base = len(str(root)) + 1
        for p, st in _files_under(reports):
            if p.suffix.lower() in READABLE and not p.name.startswith(("~$", ".~", ".")):
                refs.append(FileRef("reports", p, str(p)[base:].replace(os.sep, "/"), st.st_size, st.st_mtime))
    return refs


def _files_under(folder: Path) -> list[tuple[Path, os.stat_result]]:
    """Every file under `folder` with its stat, in path order: one stat a file (asked every refresh,
    with a year of daily reports in the folder)."""
    out, todo = [], [str(folder)]
    while todo:
        with os.scandir(todo.pop()) as entries:
            for e in entries:
                if e.is_dir():
                    todo.append(e.path)
                elif e.is_file():
                    out.append((Path(e.path), e.stat()))
    return sorted(out, key=lambda x: x[0])


def decode_text(data: bytes) -> str:
    """CSV bytes as text: UTF-8 (with or without BOM), else GBK (UnicodeDecodeError when neither)."""
    # WPS and Excel on Chinese Windows save CSV as GBK; gb18030 is its superset.
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise UnicodeDecodeError("csv", data, 0, 1, "neither UTF-8 nor GBK")


def _read_csv(ref: FileRef) -> list[RawSheet]:
    data = ref.path.read_bytes()
    try:
        text = decode_text(data)
    except UnicodeDecodeError:
        raise SourceError(ref.rel, "文件编码无法识别（应为 UTF-8 或 GBK）", "unknown text encoding (expected UTF-8 or GBK)")
    if "\x00" in text:
        raise SourceError(ref.rel, "不是文本 CSV 文件", "not a text CSV file")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    return [CsvSheet(ref.rel, text, dialect)]


class CsvSheet:
    """A CSV file's one sheet; it stands in for a RawSheet. Its rows are split out of the text on first
    use, and `top(n)` splits only the first n: a parser can look at the top of a 200,000-row file of
    junk without holding two million cells."""

    sheet, row0, col0, merged = "", 0, 0, []

    def __init__(self, file: str, text: str, dialect):
        self.file, self._text, self._dialect, self._rows = file, text, dialect, None
        self._top: list[list] = []   # the first rows, split once for every look at the top
        self._lone_cr = None

    def _reader(self):
        return csv.reader(io.StringIO(self._text, newline=""), self._dialect)

    def lone_cr(self) -> bool:
        """True when a line ends in a bare CR (old Mac files): only the csv module's own split is right."""
        if self._lone_cr is None:
            self._lone_cr = self._text.count("\r") != self._text.count("\r\n")
        return self._lone_cr

    def _lines(self):
        """The text line by line, each with its line break (what csv.reader expects), without a copy of it all."""
        t, pos, end = self._text, 0, len(self._text)
        while pos < end:
            j = t.find("\n", pos)
            if j < 0:
                yield t[pos:]
                return
            yield t[pos:j + 1]
            pos = j + 1

    @property
    def rows(self) -> list[list]:
        if self._rows is None:
            self._rows = [list(r) for r in self._reader()]
        return self._rows

    def top(self, n: int) -> RawSheet:
        """The first n rows as a RawSheet."""
        if self._rows is not None:
            return RawSheet(self.file, "", self._rows[:n])
        if n > len(self._top):
            lines = self._reader() if self.lone_cr() else csv.reader(self._lines(), self._dialect)
            self._top = [list(r) for r in itertools.islice(lines, n)]
        return RawSheet(self.file, "", self._top[:n])

    def size_hint(self) -> int:
        """About how many rows (lines) the file holds, without splitting them."""
        return self._text.count("\n") + (not self._text.endswith("\n"))

    def blank(self) -> bool:
        """True when the file holds nothing but separators and spaces."""
        return not self._text.strip(" \t\r\n,;|")

    def columns_after(self, start: int, width: int, only: set[int] | None = None) -> list | None:
        """The rows from row index `start` on as `width` Arrow text columns (blank cells null), split by
        pyarrow; None where that might not split as the csv module does (then the caller reads `rows`)."""
        body = self.body_text(start)
        return None if body is None else arrow_columns(body, self._dialect, width, body.count("\n") + 1, only)

    def body_text(self, start: int) -> str | None:
        """The text of the rows from row index `start` on, when pyarrow would split it into the same
        rows as the csv module: no quoted line break above, no blank line in it, no lone CR."""
        d, text = self._dialect, self._text
        if d.skipinitialspace or d.escapechar or self.lone_cr():
            return None
        q, sep = re.escape(d.quotechar or '"'), re.escape(d.delimiter)
        # The sniffer says "no doubled quotes" for a file without any; then "" must be an empty field.
        # (A pattern that starts with the literal quotes is searched fast; the reversed text checks the
        # character before them.)
        if not d.doublequote and (re.search(rf"{q}{q}[^{sep}\r\n]", text) or re.search(rf"{q}{q}[^{sep}\n]", text[::-1])):
            return None
        head = text.split("\n", start)
        if len(head) <= start or any(line.count(q) % 2 for line in head[:start]):
            return None
        body = head[start].rstrip("\r\n")
        if not body or body.startswith(("\n", "\r\n")) or "\n\n" in body or "\n\r\n" in body:
            return None
        return body

    @property
    def dialect(self):
        """The csv module's dialect the file was sniffed as."""
        return self._dialect

    def dialect_key(self) -> tuple:
        """What pyarrow needs to know of the dialect (files alike in it can be split together)."""
        d = self._dialect
        return d.delimiter, d.quotechar, d.doublequote


def arrow_columns(body: str, dialect, width: int, rows: int, only: set[int] | None = None) -> list | None:
    """`body` (CsvSheet.body_text) split by pyarrow into `width` text columns, blank cells null (None for
    a column not in `only`: not converted at all); None unless it gives exactly `rows` rows of `width`
    cells (ragged rows, a quoted line break)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    bad = []
    names = [f"c{j}" for j in range(width)]
    keep = [c for j, c in enumerate(names) if only is None or j in only]
    try:
        table = pacsv.read_csv(
            io.BytesIO(body.encode("utf-8")),
            read_options=pacsv.ReadOptions(column_names=names, use_threads=False, block_size=1 << 26),
            parse_options=pacsv.ParseOptions(delimiter=dialect.delimiter, quote_char=dialect.quotechar or False,
                                             double_quote=dialect.doublequote, newlines_in_values=False,
                                             invalid_row_handler=lambda row: bad.append(row) or "skip"),
            convert_options=pacsv.ConvertOptions(column_types={c: pa.string() for c in keep}, include_columns=keep,
                                                 strings_can_be_null=True, quoted_strings_can_be_null=True,
                                                 null_values=[""]))
    except pa.ArrowException:
        return None
    if bad or table.num_rows != rows:
        return None
    return [table.column(c).combine_chunks() if c in keep else None for c in names]


def _read_excel(ref: FileRef) -> list[RawSheet]:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(ref.path))
    except Exception as exc:  # calamine raises its own error types for every kind of damage
        raise SourceError(ref.rel, "无法打开工作簿（文件损坏或不是 Excel 文件）", f"cannot open workbook: {exc}")
    sheets = []
    try:
        for meta in wb.sheets_metadata:
            if str(getattr(meta, "typ", "WorkSheet")).endswith("ChartSheet"):
                continue
            try:
                sh = wb.get_sheet_by_name(meta.name)
                rows = sh.to_python(skip_empty_area=True)
                start = sh.start or (0, 0)
                merged = list(sh.merged_cell_ranges or [])
            except Exception as exc:
                sheets.append(SourceError(ref.rel, "无法读取工作表", f"cannot read sheet: {exc}", meta.name))
                continue
            sheets.append(RawSheet(ref.rel, meta.name, rows, start[0], start[1], merged))
    finally:
        wb.close()
    return sheets


class ColumnarSheet:
    """A sheet read column by column: `batch` holds every cell as text (numbers and dates as fastexcel
    writes them) or null, batch row i being spreadsheet row i + 1.

    It stands in for a RawSheet: `rows`, `row0`, `col0` and `merged` read the workbook cell by cell
    with calamine on first use, for a parser that needs the cells as they are typed.
    """

    def __init__(self, ref: FileRef, sheet: str, batch, cells: "_Cells"):
        self.ref, self.file, self.sheet, self.batch, self._cells = ref, ref.rel, sheet, batch, cells

    def _raw(self) -> RawSheet:
        raw = self._cells.sheet(self.sheet)
        if isinstance(raw, SourceError):
            raise raw
        return raw

    @property
    def rows(self) -> list[list]:
        return self._raw().rows

    @property
    def row0(self) -> int:
        return self._raw().row0

    @property
    def col0(self) -> int:
        return self._raw().col0

    @property
    def merged(self) -> list:
        return self._raw().merged

    def top(self, n: int) -> RawSheet:
        """The first n rows, cell by cell."""
        return self._raw().top(n)

    def size_hint(self) -> int:
        """How many rows the sheet holds."""
        return self.batch.num_rows

    def blank(self) -> bool:
        """True when no cell holds anything but spaces (an empty Sheet2)."""
        import pyarrow.compute as pc

        for col in self.batch.columns:
            if col.null_count < len(col) and any(v.strip() for v in pc.unique(col.drop_null()).to_pylist()):
                return False
        return True


class _Cells:
    """A workbook's sheets as calamine cells, read once and only when a sheet's cells are asked for."""

    def __init__(self, ref: FileRef):
        self.ref, self._sheets = ref, None

    def sheet(self, name: str) -> RawSheet | SourceError:
        if self._sheets is None:
            READS["count"] += 1
            self._sheets = {s.sheet: s for s in _read_excel(self.ref)}
        return self._sheets.get(name) or SourceError(self.ref.rel, "无法读取工作表", "cannot read sheet", name)


def _read_columns(ref: FileRef) -> list[ColumnarSheet] | None:
    """Every sheet as Arrow text columns; None when fastexcel is missing or cannot read the file."""
    try:
        import fastexcel
    except ImportError:
        return None
    try:
        reader = fastexcel.read_excel(str(ref.path))
        cells = _Cells(ref)
        # skip_rows=0: no leading row is dropped, so batch row i is spreadsheet row i + 1.
        return [ColumnarSheet(ref, name, reader.load_sheet(name, header_row=None, skip_rows=0, eager=True,
                                                           dtypes="string"), cells)
                for name in reader.sheet_names]
    except Exception:  # anything fastexcel cannot do, calamine does (and words the error)
        return None


def read_file(ref: FileRef) -> list[RawSheet | ColumnarSheet | SourceError]:
    """Every sheet of a file as raw cells; a sheet that cannot be read comes back as its error."""
    READS["count"] += 1
    if os.path.getsize(ref.path) == 0:
        raise SourceError(ref.rel, "文件是空的", "the file is empty")
    if ref.path.suffix.lower() == ".csv":
        return list(_read_csv(ref))
    if ref.table == "reports" and ref.path.suffix.lower() in COLUMNAR and (cols := _read_columns(ref)) is not None:
        return cols
    return _read_excel(ref)
