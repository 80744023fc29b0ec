"""Stored-value cards open the gates since 19.0.1.1.0: give the existing ones their pass."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["sports.card"].search([("kind", "=", "stored_value")])._access_sync()
