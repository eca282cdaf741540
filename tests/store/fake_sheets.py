"""An in-process Google Sheets v4 with state: the few calls gspread makes for the store.

Mounted as a requests adapter on the gspread client's session, so gspread's own code builds the
URLs, params and bodies, and parses our answers. Response shapes follow gspread's recorded
cassettes (tests/store/cassettes). Faults (429, 5xx, an applied append whose answer is lost) can
be queued. RAW and USER_ENTERED are told apart, so a formula or a numericised "007" would show.
"""
from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import requests
from requests.adapters import BaseAdapter

BASE = "https://sheets.googleapis.com/v4/spreadsheets/"
_CELL = re.compile(r"^([A-Za-z]*)(\d*)$")
_STATUS = {400: ("INVALID_ARGUMENT", "Bad Request"), 403: ("PERMISSION_DENIED", "Forbidden"),
           404: ("NOT_FOUND", "Not Found"), 429: ("RESOURCE_EXHAUSTED", "Too Many Requests"),
           500: ("INTERNAL", "Internal Server Error"), 503: ("UNAVAILABLE", "Service Unavailable")}
_MESSAGES = {403: "The caller does not have permission", 404: "Requested entity was not found.",
             429: "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute per "
                  "user' of service 'sheets.googleapis.com' for consumer 'project_number:0'.",
             500: "Internal error encountered.", 503: "The service is currently unavailable."}


def col_letters(n: int) -> str:
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def col_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


@dataclass
class Sheet:
    sheet_id: int
    title: str
    index: int
    rows: int = 1000
    cols: int = 26
    cells: list[list[dict]] = field(default_factory=list)   # {"v": value} or {"f": formula}

    def props(self) -> dict:
        return {"sheetId": self.sheet_id, "title": self.title, "index": self.index, "sheetType": "GRID",
                "gridProperties": {"rowCount": self.rows, "columnCount": self.cols}}

    def last_row(self) -> int:
        for i in range(len(self.cells), 0, -1):
            if any(c.get("v", "") not in ("", None) or "f" in c for c in self.cells[i - 1]):
                return i
        return 0

    def put(self, r: int, c: int, cell: dict) -> None:
        while len(self.cells) < r:
            self.cells.append([])
        row = self.cells[r - 1]
        while len(row) < c:
            row.append({"v": ""})
        row[c - 1] = cell


@dataclass
class Book:
    key: str
    title: str
    sheets: list[Sheet] = field(default_factory=list)

    def sheet(self, title: str) -> Sheet | None:
        return next((s for s in self.sheets if s.title == title), None)


class ApiFault(Exception):
    def __init__(self, status: int, message: str | None = None):
        self.status, self.message = status, message or _MESSAGES.get(status, "Bad request")


class FakeSheets(BaseAdapter):
    """The Sheets v4 endpoints gspread uses: metadata GET, values GET/PUT, values append, batchUpdate."""

    def __init__(self) -> None:
        super().__init__()
        self.books: dict[str, Book] = {}
        self.forbidden: set[str] = set()
        self.read_only: set[str] = set()
        self.log: list[tuple[str, str, dict, Any]] = []
        self.faults: list[dict] = []
        self.lock = threading.RLock()
        self._next_id = 1000

    # -- set-up and inspection for tests ------------------------------------------------------
    def add_book(self, key: str, title: str = "TeamBoard 记录", sheets: tuple[str, ...] = ("Sheet1",)) -> Book:
        book = Book(key, title, [Sheet(i, t, i) for i, t in enumerate(sheets)])
        self.books[key] = book
        return book

    def fail(self, method: str, contains: str, status: int, times: int = 1, apply: bool = False,
             retry_after: str | None = None) -> None:
        """The next `times` matching requests answer `status`; apply=True does the work first (lost answer)."""
        self.faults.append({"method": method.upper(), "contains": contains, "status": status, "left": times,
                            "apply": apply, "retry_after": retry_after})

    def values(self, key: str, title: str) -> list[list[Any]]:
        """The stored cell values of a worksheet (formulas as their text)."""
        sheet = self.books[key].sheet(title)
        return [[c.get("v", c.get("f")) for c in row] for row in sheet.cells] if sheet else []

    def formulas(self, key: str) -> int:
        return sum("f" in c for s in self.books[key].sheets for row in s.cells for c in row)

    def calls(self, method: str, contains: str = "") -> list[tuple[str, str, dict, Any]]:
        return [c for c in self.log if c[0] == method and contains in c[1]]

    # -- the adapter ------------------------------------------------------------------------
    def close(self) -> None:
        pass

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        parts = urlsplit(request.url)
        raw_path = parts.path.split("/v4/spreadsheets/", 1)[1]
        params = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        body = json.loads(request.body) if request.body else None
        method = request.method.upper()
        with self.lock:
            self.log.append((method, unquote(raw_path), params, body))
            fault = next((f for f in self.faults if f["left"] > 0 and f["method"] == method
                          and f["contains"] in unquote(raw_path)), None)
            if fault:
                fault["left"] -= 1
            try:
                if fault and not fault["apply"]:
                    raise ApiFault(fault["status"])
                status, payload = self._route(method, raw_path, params, body)
                if fault:
                    raise ApiFault(fault["status"])
            except ApiFault as e:
                reason = _STATUS.get(e.status, ("UNKNOWN", "Error"))
                status, payload = e.status, {"error": {"code": e.status, "message": e.message, "status": reason[0]}}
        resp = requests.Response()
        resp.status_code = status
        resp.reason = _STATUS.get(status, ("", "OK"))[1]
        resp._content = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        resp.headers["Content-Type"] = "application/json; charset=UTF-8"
        if fault and fault.get("retry_after"):
            resp.headers["Retry-After"] = fault["retry_after"]
        resp.encoding = "utf-8"
        resp.url = request.url
        resp.request = request
        return resp

    # -- routing ----------------------------------------------------------------------------
    def _book(self, key: str, write: bool = False) -> Book:
        if key in self.forbidden or (write and key in self.read_only):
            raise ApiFault(403)
        if key not in self.books:
            raise ApiFault(404)
        return self.books[key]

    def _route(self, method: str, raw_path: str, params: dict, body: Any) -> tuple[int, dict]:
        if "/values/" in raw_path:
            key, rest = raw_path.split("/values/", 1)
            if method == "POST" and rest.endswith(":append"):
                return 200, self._append(self._book(key, True), unquote(rest[: -len(":append")]), params, body)
            if method == "GET":
                return 200, self._get(self._book(key), unquote(rest), params)
            if method == "PUT":
                return 200, self._update(self._book(key, True), unquote(rest), params, body)
        elif raw_path.endswith(":batchUpdate") and method == "POST":
            return 200, self._batch(self._book(raw_path[: -len(":batchUpdate")], True), body)
        elif "/" not in raw_path and ":" not in raw_path and method == "GET":
            return 200, self._metadata(self._book(raw_path))
        raise ApiFault(400, f"the fake does not serve {method} {raw_path}")

    def _metadata(self, book: Book) -> dict:
        return {"spreadsheetId": book.key,
                "properties": {"title": book.title, "locale": "zh_CN", "autoRecalc": "ON_CHANGE",
                               "timeZone": "Asia/Shanghai"},
                "sheets": [{"properties": s.props()} for s in book.sheets],
                "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{book.key}/edit"}

    def _range(self, book: Book, a1: str) -> tuple[Sheet, int, int, int, int]:
        """Sheet and 1-based inclusive bounds of an A1 range such as 'T'!A1:B2, 'T'!C1:C, T, 'T'!1:1."""
        if a1.startswith("'"):
            end = 1
            while True:
                end = a1.index("'", end)
                if a1[end + 1: end + 2] == "'":
                    end += 2
                    continue
                break
            title, rest = a1[1:end].replace("''", "'"), a1[end + 1:]
        else:
            title, _, rest = a1.partition("!")
            rest = "!" + rest if rest else ""
        sheet = book.sheet(title)
        if sheet is None:
            raise ApiFault(400, f"Unable to parse range: {a1}")
        rest = rest[1:] if rest.startswith("!") else rest
        if not rest:
            return sheet, 1, 1, sheet.rows, sheet.cols
        first, _, last = rest.partition(":")
        c1, r1 = _CELL.match(first).groups()
        c2, r2 = _CELL.match(last or first).groups()
        top, left = int(r1 or 1), col_number(c1) if c1 else 1
        bottom = int(r2) if r2 else (top if not last and r1 else sheet.rows)
        right = col_number(c2) if c2 else (left if not last and c1 else sheet.cols)
        return sheet, top, left, bottom, right

    @staticmethod
    def _label(sheet: Sheet, top: int, left: int, bottom: int, right: int) -> str:
        title = sheet.title if re.fullmatch(r"\w+", sheet.title, re.ASCII) else "'" + sheet.title.replace("'", "''") + "'"
        return f"{title}!{col_letters(left)}{top}:{col_letters(right)}{bottom}"

    @staticmethod
    def _render(cell: dict, option: str) -> Any:
        if "f" in cell:
            return cell["f"] if option == "FORMULA" else "#ERROR!"
        v = cell.get("v", "")
        if option in ("UNFORMATTED_VALUE", "FORMULA") or isinstance(v, str):
            return v
        if isinstance(v, bool):
            return "TRUE" if v else "FALSE"
        return str(int(v)) if float(v).is_integer() else str(v)

    def _get(self, book: Book, a1: str, params: dict) -> dict:
        sheet, top, left, bottom, right = self._range(book, a1)
        option = params.get("valueRenderOption", "FORMATTED_VALUE")
        rows = []
        for r in range(top, min(bottom, len(sheet.cells)) + 1):
            line = sheet.cells[r - 1][left - 1: right]
            vals = [self._render(c, option) for c in line]
            while vals and vals[-1] == "":
                vals.pop()
            rows.append(vals)
        while rows and not rows[-1]:
            rows.pop()
        out: dict[str, Any] = {"range": self._label(sheet, top, left, min(bottom, sheet.rows), min(right, sheet.cols)),
                               "majorDimension": params.get("majorDimension", "ROWS")}
        if params.get("majorDimension") == "COLUMNS" and rows:
            width = max(len(r) for r in rows)
            rows = [[r[j] if j < len(r) else "" for r in rows] for j in range(width)]
            for col in rows:
                while col and col[-1] == "":
                    col.pop()
        if rows:
            out["values"] = rows
        return out

    @staticmethod
    def _input(v: Any, option: str) -> dict:
        if option == "RAW" or not isinstance(v, str):
            return {"v": v}
        if v.startswith("="):
            return {"f": v}
        if v.startswith("'"):
            return {"v": v[1:]}
        try:
            return {"v": int(v)} if re.fullmatch(r"-?\d+", v.strip()) else {"v": float(v)}
        except ValueError:
            return {"v": v}

    def _need_option(self, params: dict) -> str:
        option = params.get("valueInputOption")
        if option not in ("RAW", "USER_ENTERED"):
            raise ApiFault(400, "'valueInputOption' is required but not specified")
        return option

    def _append(self, book: Book, a1: str, params: dict, body: dict) -> dict:
        option = self._need_option(params)
        sheet, *_ = self._range(book, a1)
        values = body.get("values", [])
        last = sheet.last_row()
        out: dict[str, Any] = {"spreadsheetId": book.key}
        if last:
            width = max(len(r) for r in sheet.cells[:last]) or 1
            out["tableRange"] = self._label(sheet, 1, 1, last, width)
        if params.get("insertDataOption", "OVERWRITE") == "INSERT_ROWS":
            sheet.rows += len(values)
        width = max((len(r) for r in values), default=0)
        sheet.rows = max(sheet.rows, last + len(values))
        sheet.cols = max(sheet.cols, width)
        for i, row in enumerate(values, last + 1):
            for j, v in enumerate(row, 1):
                sheet.put(i, j, self._input(v, option))
        out["updates"] = {"spreadsheetId": book.key,
                          "updatedRange": self._label(sheet, last + 1, 1, last + len(values), max(width, 1)),
                          "updatedRows": len(values), "updatedColumns": width,
                          "updatedCells": sum(len(r) for r in values)}
        return out

    def _update(self, book: Book, a1: str, params: dict, body: dict) -> dict:
        option = self._need_option(params)
        sheet, top, left, *_ = self._range(book, a1)
        values = body.get("values", [])
        width = max((len(r) for r in values), default=0)
        if top + len(values) - 1 > sheet.rows or left + width - 1 > sheet.cols:
            raise ApiFault(400, f"Range ({a1}) exceeds grid limits. Max rows: {sheet.rows}, max columns: {sheet.cols}")
        for i, row in enumerate(values, top):
            for j, v in enumerate(row, left):
                sheet.put(i, j, self._input(v, option))
        return {"spreadsheetId": book.key,
                "updatedRange": self._label(sheet, top, left, top + len(values) - 1, left + width - 1),
                "updatedRows": len(values), "updatedColumns": width, "updatedCells": sum(len(r) for r in values)}

    def _batch(self, book: Book, body: dict) -> dict:
        replies: list[dict] = []
        for n, req in enumerate(body.get("requests", [])):
            if "addSheet" in req:
                props = req["addSheet"].get("properties", {})
                title = props.get("title") or f"Sheet{len(book.sheets) + 1}"
                if book.sheet(title):
                    raise ApiFault(400, f'Invalid requests[{n}].addSheet: A sheet with the name "{title}" already '
                                        f"exists. Please enter another name.")
                grid = props.get("gridProperties", {})
                self._next_id += 7919
                sheet = Sheet(self._next_id, title, len(book.sheets), grid.get("rowCount", 1000),
                              grid.get("columnCount", 26))
                book.sheets.append(sheet)
                replies.append({"addSheet": {"properties": sheet.props()}})
            elif "appendDimension" in req:
                a = req["appendDimension"]
                sheet = next(s for s in book.sheets if s.sheet_id == a["sheetId"])
                if a["dimension"] == "COLUMNS":
                    sheet.cols += a["length"]
                else:
                    sheet.rows += a["length"]
                replies.append({})
            elif "updateSheetProperties" in req:
                p = req["updateSheetProperties"]["properties"]
                sheet = next(s for s in book.sheets if s.sheet_id == p["sheetId"])
                grid = p.get("gridProperties", {})
                sheet.rows = grid.get("rowCount", sheet.rows)
                sheet.cols = grid.get("columnCount", sheet.cols)
                sheet.cells = [row[: sheet.cols] for row in sheet.cells[: sheet.rows]]   # shrinking cuts cells
                replies.append({})
            else:
                raise ApiFault(400, f"the fake does not serve batchUpdate {list(req)}")
        return {"spreadsheetId": book.key, "replies": replies}
