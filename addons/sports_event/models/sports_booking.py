from odoo import fields, models


class SportsBooking(models.Model):
    _inherit = "sports.booking"

    channel = fields.Selection(
        selection_add=[("event", "Event")], ondelete={"event": "set default"}
    )
    sports_event_id = fields.Many2one(
        comodel_name="event.event",
        string="Event",
        readonly=True,
        index="btree_not_null",
        ondelete="cascade",
    )
