from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    sports_real_name = fields.Char(
        string="Real Name", help="The name on the ID, given before claiming vouchers."
    )
    sports_verified_phone = fields.Char(
        string="Verified Phone", readonly=True, help="E.164, verified by a one-time code."
    )
    sports_phone_verified_at = fields.Datetime(string="Phone Verified on", readonly=True)
    sports_birthdate = fields.Date(string="Date of Birth")
    sports_resident_region_id = fields.Many2one(
        "sports.region", string="Resident of", help="Region of residence (GB/T 2260)."
    )
    sports_voucher_ids = fields.One2many("sports.voucher", "partner_id", string="Vouchers")
