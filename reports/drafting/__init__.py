"""Drafting a report from triaged submissions: selection, composition, backends."""
