"""The command line (`python -m lib.cli`): one module per command group (day, month, broadcast, users,
records), `common` for what they share. May import every package of lib/ except ui/."""
