from odoo import fields, models

FLOW_COUNTING = [("gate", "Gates"), ("counter", "People counters")]


class SportsArea(models.Model):
    _inherit = "sports.area"

    flow_counting = fields.Selection(
        FLOW_COUNTING,
        string="Passenger Flow From",
        required=True,
        default="gate",
        help="Where this area's passenger flow is counted: the access log of its gates, or "
        "the readings of its people counters. Never both, so nobody is counted twice.",
    )
