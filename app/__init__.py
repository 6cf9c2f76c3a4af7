"""User-facing edges: the `advisor` command line and the Streamlit chat. Thin: they call `rag`."""
