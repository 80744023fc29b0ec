from odoo import fields, models


class BarcodeRule(models.Model):
    _inherit = "barcode.rule"

    type = fields.Selection(
        selection_add=[("sports_card", "Member Card")],
        ondelete={"sports_card": "set default"},
    )
