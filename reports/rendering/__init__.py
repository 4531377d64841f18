"""Turning a draft into HTML (for WeasyPrint and for the web), PDF and DOCX."""
