"""Quality and follow-up of agents, pure: QA scoring and coverage, the monitoring log, GROW coaching,
customer callbacks (联络单). Imports day, floor, out, people, store, config, clock and i18n.
"""
