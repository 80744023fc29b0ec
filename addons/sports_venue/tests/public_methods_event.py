"""The rights table's rows of sports_event and sports_regulatory_event (see
``public_methods``).

None: every method these addons add is private (``_sports_sync_blocks``,
``_sports_sync_pass``, ``_sports_portal_pass``, ``_sports_register``...), and their
overrides are of ``create`` and ``write``, which every model has. Team registration goes
through the website route ``/event/<id>/team`` only.
"""

EVENT_METHODS = []
