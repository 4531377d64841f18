"""Views of the submissions app: public pages and the submitter's portal.

Thin: selectors read, services write, forms check what a person can fix.
"""
from .portal import add_files, amend, download, manage, receipt, submit, withdraw
from .public import call_detail, health, open_calls

__all__ = [
    "add_files",
    "amend",
    "call_detail",
    "download",
    "health",
    "manage",
    "open_calls",
    "receipt",
    "submit",
    "withdraw",
]
