"""LibreOffice at run time: one soffice per job, driven over UNO, for PDF export (``--pdf``).

The test helpers that read documents back through LibreOffice live in ``tests/office.py``.
Imports only the shared modules.
"""
