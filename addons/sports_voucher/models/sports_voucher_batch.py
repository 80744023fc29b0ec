from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


class SportsVoucherBatch(models.Model):
    """Vouchers of one denomination released at one time (放券). ``claimed_count`` is an
    atomic counter: a claim increments it only while it is below ``quantity``, and a CHECK
    keeps it there, so a rush never over-issues."""

    _name = "sports.voucher.batch"
    _description = "Sports Voucher Claim Batch"
    _order = "release_at desc, id"

    campaign_id = fields.Many2one(
        "sports.voucher.campaign", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="campaign_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="campaign_id.currency_id")
    denomination_id = fields.Many2one(
        "sports.voucher.denomination",
        required=True,
        ondelete="restrict",
        domain="[('campaign_id', '=', campaign_id)]",
    )
    face_value = fields.Monetary(related="denomination_id.face_value", store=True)
    release_at = fields.Datetime(required=True, index=True)
    quantity = fields.Integer(required=True)
    claimed_count = fields.Integer(readonly=True, default=0, copy=False)
    face_total = fields.Monetary(compute="_compute_face_total", store=True)
    state = fields.Selection(
        [("scheduled", "Scheduled"), ("open", "Open"), ("sold_out", "Sold Out")],
        compute="_compute_state",
    )

    _claimed_within_quantity = models.Constraint(
        "CHECK(claimed_count >= 0 AND claimed_count <= quantity)",
        "A batch never issues more vouchers than its quantity.",
    )
    _one_release = models.UniqueIndex(
        "(denomination_id, release_at)", "A denomination is released once at a given time."
    )

    @api.depends("quantity", "face_value")
    def _compute_face_total(self):
        for batch in self:
            batch.face_total = batch.quantity * batch.face_value

    def _compute_state(self):
        now = fields.Datetime.now()
        for batch in self:
            if batch.release_at and batch.release_at > now:
                batch.state = "scheduled"
            elif batch.claimed_count >= batch.quantity:
                batch.state = "sold_out"
            else:
                batch.state = "open"

    @api.constrains("quantity", "denomination_id")
    def _check_budget(self):
        """The face value of all batches stays within the campaign's budget, checked under
        a lock of the campaign so that two planners cannot both pass."""
        # The SUM below reads face_value, a stored related field written at flush.
        self.flush_model(["campaign_id", "quantity", "face_value"])
        for campaign in self.campaign_id:
            self.env.cr.execute(
                SQL("SELECT id FROM sports_voucher_campaign WHERE id = %s FOR UPDATE", campaign.id)
            )
            self.env.cr.execute(
                SQL(
                    "SELECT COALESCE(SUM(quantity * face_value), 0) FROM sports_voucher_batch "
                    "WHERE campaign_id = %s",
                    campaign.id,
                )
            )
            total = self.env.cr.fetchone()[0]
            if campaign.currency_id.compare_amounts(total, campaign.budget) > 0:
                raise ValidationError(
                    _(
                        "The batches of %(campaign)s would issue %(total)s of vouchers, over "
                        "its budget of %(budget)s.",
                        campaign=campaign.name,
                        total=total,
                        budget=campaign.budget,
                    )
                )
        for batch in self:
            if batch.quantity < 0:
                raise ValidationError(_("A batch cannot release a negative quantity."))
            if batch.denomination_id.campaign_id != batch.campaign_id:
                raise ValidationError(_("The denomination belongs to another campaign."))
