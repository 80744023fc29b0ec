"""Bad input on the events portal's routes, gathered here for the coverage check."""

COVERED_ROUTES = set()
