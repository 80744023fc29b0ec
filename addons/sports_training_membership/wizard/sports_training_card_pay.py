from odoo import api, fields, models


class SportsTrainingCardPay(models.TransientModel):
    """The backend's "Pay by card": a class pack for a per-session course, a stored-value
    card for a term course."""

    _name = "sports.training.card.pay"
    _description = "Pay an Enrolment by Member Card"

    enrolment_id = fields.Many2one(
        comodel_name="sports.training.enrolment", required=True, readonly=True, ondelete="cascade"
    )
    price_mode = fields.Selection(related="enrolment_id.course_id.price_mode")
    family_ids = fields.Many2many(comodel_name="res.partner", compute="_compute_family_ids")
    card_id = fields.Many2one(
        comodel_name="sports.card",
        required=True,
        domain="[('state', '=', 'active'), '|', ('partner_id', 'in', family_ids), "
        "('partner_ids', 'in', family_ids)]",
    )

    @api.depends("enrolment_id")
    def _compute_family_ids(self):
        for wizard in self:
            enrolment = wizard.enrolment_id
            wizard.family_ids = (
                enrolment.partner_id | enrolment.parent_partner_id | enrolment.partner_id.parent_id
            )

    def action_pay(self):
        """Pay the enrolment with the chosen card and confirm it."""
        self.ensure_one()
        # Staff only: the card's own operations check the write right on the card.
        self.card_id.check_access("write")
        self.enrolment_id._pay_by_card(self.card_id)
        return {"type": "ir.actions.act_window_close"}
