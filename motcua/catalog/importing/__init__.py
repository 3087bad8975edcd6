"""Catalog import and export.

Every source (the national JSONL, our own JSON/XLSX exchange format) is turned into one canonical
*content* dict per procedure (see `content.py`) and written by the single upsert in `upsert.py`, so
idempotence and draft handling are the same whatever the file.
"""
