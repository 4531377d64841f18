"""Write operations of processing and synthesis."""
