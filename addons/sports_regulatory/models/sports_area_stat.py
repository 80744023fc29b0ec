from odoo import fields, models


class SportsAreaStat(models.Model):
    """One area's day: open and public-benefit hours, visitors, energy and water."""

    _name = "sports.area.stat"
    _description = "Daily Area Statistics"
    _order = "date desc, venue_id, area_id"
    _rec_name = "date"

    area_id = fields.Many2one(comodel_name="sports.area", required=True, readonly=True, index=True)
    venue_id = fields.Many2one(
        comodel_name="sports.venue", required=True, readonly=True, index=True
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, index=True
    )
    date = fields.Date(required=True, readonly=True, index=True)
    environment = fields.Selection([("indoor", "Indoor"), ("outdoor", "Outdoor")], readonly=True)
    is_core_free_area = fields.Boolean(string="Core Free/Low-fee Area", readonly=True)
    open_hours = fields.Float(readonly=True, digits=(6, 2))
    free_hours = fields.Float(readonly=True, digits=(6, 2))
    public_benefit_hours = fields.Float(readonly=True, digits=(6, 2))
    entries = fields.Integer(readonly=True)
    unique_visitors = fields.Integer(readonly=True)
    energy_kwh = fields.Float(string="Energy (kWh)", readonly=True, digits=(12, 3))
    water_m3 = fields.Float(string="Water (m³)", readonly=True, digits=(12, 3))
    computed_at = fields.Datetime(readonly=True)

    _area_date_unique = models.Constraint(
        "UNIQUE(area_id, date)", "One statistics row per area and day."
    )
