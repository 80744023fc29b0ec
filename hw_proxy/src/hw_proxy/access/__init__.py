"""Offline access decisions: the local cache of what Odoo synced, and the rules.

The rules are the ones documented in ``docs/proxy-api.md``; ``data/access_vectors.json``
holds the cases that this package and Odoo must decide alike.
"""
