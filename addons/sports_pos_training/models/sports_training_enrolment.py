from odoo import fields, models


class SportsTrainingEnrolment(models.Model):
    """An enrolment made at the desk remembers the POS line (by its uuid, which a retried
    sync sends again) so that the line enrols once."""

    _inherit = "sports.training.enrolment"

    pos_order_line_id = fields.Many2one(
        comodel_name="pos.order.line",
        string="POS Order Line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    pos_line_uuid = fields.Char(string="POS Line Key", readonly=True, copy=False)

    _pos_line_uuid_unique = models.UniqueIndex(
        "(pos_line_uuid) WHERE pos_line_uuid IS NOT NULL",
        "This order line has enrolled its attendee already.",
    )
