from odoo import fields, models


class SportsVoucherHolder(models.Model):
    """One row per (campaign, person): the row a claim locks, so that one person's
    concurrent claims are counted against their limits one after the other."""

    _name = "sports.voucher.holder"
    _description = "Sports Voucher Holder"
    _log_access = False

    campaign_id = fields.Many2one(
        "sports.voucher.campaign", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade", index=True)
    last_claim_at = fields.Datetime(
        readonly=True,
        help="Written by every claim: the write is the lock (a plain SELECT ... FOR UPDATE "
        "would not make a REPEATABLE READ claim see the vouchers of the claim before it).",
    )

    _campaign_partner_unique = models.Constraint(
        "UNIQUE(campaign_id, partner_id)", "One holder row per campaign and person."
    )
