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
