"""People and rights: sign-in accounts (bcrypt, outside the repo) and the rights check (roles from the
roster, `Refused` the one exception). Imports only config, clock and i18n.
"""
