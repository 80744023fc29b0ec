from odoo import fields, models


class SportsBooking(models.Model):
    """A training session books its space through the booking engine, so a class never
    clashes with a public booking: the occupancy's exclusion constraint holds for both."""

    _inherit = "sports.booking"

    channel = fields.Selection(
        selection_add=[("training", "Training")], ondelete={"training": "set default"}
    )
    training_session_id = fields.Many2one(
        comodel_name="sports.training.session",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
    )

    def _reprice(self):
        # A class's booking costs nothing: moving its session keeps it at zero.
        return super(SportsBooking, self.filtered(lambda b: b.channel != "training"))._reprice()
