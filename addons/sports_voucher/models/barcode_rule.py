from odoo import fields, models


class BarcodeRule(models.Model):
    _inherit = "barcode.rule"

    type = fields.Selection(
        selection_add=[("sports_voucher", "Sports Voucher")],
        ondelete={"sports_voucher": "set default"},
    )
