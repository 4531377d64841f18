"""Keep reference data in step with the repository after every migrate."""
from __future__ import annotations

from typing import Any


def load_reference_data(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """Load or refresh the States table; idempotent, so every migrate can run it."""
    from .services.countries import load_countries

    load_countries()
