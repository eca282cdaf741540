"""The floor's day, pure: flags, goals and pace, notices, the ranking broadcast, the wall view, the duty
lead's desk, attendance (the lead's report, the duty lead's summary, the one deduction rule), the
lead's workbench figures, the agent's day, the home summary. Imports floor, out, people, store,
config, clock and i18n; never quality, month, demo, cli or ui.
"""
