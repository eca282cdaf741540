"""Streamlit pieces shared by the pages: the page context, the menu, tables. Only here (and in
dashboard.py and pages/) is Streamlit imported."""
