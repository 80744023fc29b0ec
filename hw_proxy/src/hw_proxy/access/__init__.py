"""Offline access decisions: the local cache of what Odoo synced, and the gate.

The rules themselves live in ``arena_access`` (``packages/arena_access``), shared with
Odoo; ``data/access_vectors.json`` holds the cases both must decide alike.
"""
