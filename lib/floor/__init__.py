"""The floor's input: the spreadsheets as validated frames, and the pure lookups over them.

`sources/` raw cells from a folder or Google Sheets (no meaning yet), `load/` the one validation
boundary (every problem named by file, sheet, row and column), `cache` the process-wide Floor by
file signature, `schema` the frames' columns, `metrics` the rules over report rows (ranking,
averages, the month), `roster` who is where on a day. Imports only config, clock and i18n.
"""
