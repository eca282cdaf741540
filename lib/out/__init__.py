"""What leaves the app, generic: Excel workbooks (formula-safe), charts, CSV/text tables, the chat
robot's webhook, uploads to the center's FTP server. Knows no screen and no rule; imports store.safe,
config, clock, i18n and (for the FTP connection) floor.sources.ftp.
"""
