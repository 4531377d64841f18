"""Write operations of the submissions domain. Views, tasks and commands call these."""
