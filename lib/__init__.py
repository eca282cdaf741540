"""TeamBoard core: loading, metrics, store and the command line. No Streamlit here (see lib/ui)."""
