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

    _sports_verified_phone_unique = models.UniqueIndex(
        "(sports_verified_phone) WHERE sports_verified_phone IS NOT NULL",
        "This phone number is verified for another person already.",
    )

    def _sports_voucher_verified(self):
        """Whether the person may claim vouchers: a real name and a phone verified by a
        one-time code."""
        self.ensure_one()
        return bool(self.sports_real_name and self.sports_verified_phone)
