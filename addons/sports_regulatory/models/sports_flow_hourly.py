from odoo import fields, models

from .sports_area import FLOW_COUNTING


class SportsFlowHourly(models.Model):
    """Passenger flow of one gate (or people counter) in one hour: the unit the national
    platform collects. Rows are computed from the access log or the counters' readings,
    never entered; recomputing an hour replaces its rows."""

    _name = "sports.flow.hourly"
    _description = "Hourly Passenger Flow"
    _order = "hour desc, venue_id, device_id"
    _rec_name = "hour"

    venue_id = fields.Many2one(
        comodel_name="sports.venue", required=True, readonly=True, index=True
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, index=True
    )
    area_id = fields.Many2one(comodel_name="sports.area", readonly=True, index=True)
    device_id = fields.Many2one(
        comodel_name="sports.device",
        readonly=True,
        index=True,
        help="The gate or people counter; empty for an access point without a gate device.",
    )
    point_id = fields.Many2one(
        comodel_name="sports.access.point",
        readonly=True,
        help="The access point, when counted from the access log.",
    )
    source = fields.Selection(FLOW_COUNTING, required=True, readonly=True)
    hour = fields.Datetime(
        required=True, readonly=True, index=True, help="Start of the hour (UTC in the database)."
    )
    hour_end = fields.Datetime(required=True, readonly=True)
    date = fields.Date(required=True, readonly=True, index=True, help="The venue's local day.")
    entries = fields.Integer(readonly=True)
    exits = fields.Integer(readonly=True)
    is_core_free_area = fields.Boolean(string="Core Free/Low-fee Area", readonly=True)
    region_id = fields.Many2one(comodel_name="sports.region", readonly=True, index=True)
    province_code = fields.Char(readonly=True, size=6)
    city_code = fields.Char(readonly=True, size=6)
    district_code = fields.Char(readonly=True, size=6)
    computed_at = fields.Datetime(readonly=True)

    _venue_hour_index = models.Index("(venue_id, hour)")
