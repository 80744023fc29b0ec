from odoo import fields, models


class BarcodeRule(models.Model):
    _inherit = "barcode.rule"

    type = fields.Selection(
        selection_add=[("sports_ticket", "Arena Ticket")],
        ondelete={"sports_ticket": "set default"},
    )
