"""The manager's month and week, pure: the monthly review and star levels, the senior lead's
assessment, the weekly pack, the weekly meeting and its minutes, the month-end retro (复盘), the
roster rules, and the review's workbook and deck. Imports quality, day and everything below them.
"""
