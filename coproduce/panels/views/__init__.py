"""Panel pages, one module per part of the work; `urls.py` names each view by module."""
