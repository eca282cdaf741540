"""TeamBoard — the entry point: every page runs inside the frame of lib/ui/frame.py.

    streamlit run dashboard.py
"""
from lib.ui.frame import run_frame

run_frame()
