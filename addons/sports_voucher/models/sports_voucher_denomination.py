from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class SportsVoucherDenomination(models.Model):
    """One face value of a campaign with its threshold (满减): ¥15 off ¥50."""

    _name = "sports.voucher.denomination"
    _description = "Sports Voucher Denomination"
    _order = "campaign_id, face_value, id"

    campaign_id = fields.Many2one(
        "sports.voucher.campaign", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="campaign_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="campaign_id.currency_id")
    name = fields.Char(compute="_compute_name", store=True)
    face_value = fields.Monetary(required=True)
    threshold = fields.Monetary(
        required=True, help="The eligible amount the order must reach (满 ... 减)."
    )
    quantity_per_batch = fields.Integer(
        default=100, help="Vouchers of this face value released by each weekly batch."
    )
    is_group = fields.Boolean(
        string="Whole-Court Group Voucher",
        help="Usable only on a whole-court booking, at most 50% of its price, one per slot.",
    )
    is_large = fields.Boolean(compute="_compute_is_large", store=True)

    _face_range = models.Constraint(
        "CHECK(face_value >= 5 AND face_value <= 200)",
        "A voucher's face value lies between ¥5 and ¥200.",
    )

    @api.depends("face_value", "threshold")
    def _compute_name(self):
        for denomination in self:
            denomination.name = _(
                "¥%(face)s off ¥%(threshold)s",
                face=f"{denomination.face_value:g}",
                threshold=f"{denomination.threshold:g}",
            )

    @api.depends("face_value", "campaign_id.large_face_value")
    def _compute_is_large(self):
        for denomination in self:
            large = denomination.campaign_id.large_face_value
            denomination.is_large = bool(large) and denomination.face_value >= large

    @api.constrains("face_value", "threshold", "quantity_per_batch")
    def _check_threshold(self):
        for denomination in self:
            if denomination.threshold < denomination.face_value:
                raise ValidationError(
                    _("The threshold of %(name)s is below its face value.", name=denomination.name)
                )
            if denomination.quantity_per_batch < 0:
                raise ValidationError(_("A batch cannot release a negative quantity."))
