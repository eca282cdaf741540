"""Birthdays (issue 20.4): the lead's morning tab lists the group's birthdays of the day."""
TEXTS = {
    "birthday.today": ("**今天生日**：{names}", "**Birthdays today:** {names}"),
}
