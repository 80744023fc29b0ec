from odoo import fields, models


class ResPartner(models.Model):
    """A child is a contact under the parent's partner (``parent_id``); the parent enrols
    them and sees their attendance."""

    _inherit = "res.partner"

    # Also defined by sports_voucher (real-name checks); one column, either addon fills it.
    sports_birthdate = fields.Date(string="Date of Birth")
    training_enrolment_ids = fields.One2many(
        comodel_name="sports.training.enrolment", inverse_name="partner_id"
    )
    training_enrolment_count = fields.Integer(
        string="Training", compute="_compute_training_enrolment_count"
    )

    def _compute_training_enrolment_count(self):
        ids = [partner_id for partner_id in self.ids if partner_id]
        enrolments = self.env["sports.training.enrolment"].search_fetch(
            ["|", ("partner_id", "in", ids), ("parent_partner_id", "in", ids)],
            ["partner_id", "parent_partner_id"],
        )
        for partner in self:
            partner.training_enrolment_count = len(
                enrolments.filtered(
                    lambda e, p=partner: p.id and p in (e.partner_id | e.parent_partner_id)
                )
            )

    def _sports_age(self, on_date):
        """Age in whole years on ``on_date``; None without a birth date."""
        self.ensure_one()
        born = self.sports_birthdate
        if not born or not on_date:
            return None
        on_date = fields.Date.to_date(on_date)
        return on_date.year - born.year - ((on_date.month, on_date.day) < (born.month, born.day))
