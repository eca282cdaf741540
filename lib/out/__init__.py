"""What leaves the app, generic: Excel workbooks (formula-safe), charts, CSV/text tables, the chat
robot's webhook. Knows no screen and no rule; imports store.safe, config, clock and i18n.
"""
