from odoo import fields, models


class SportsWasteAlert(models.Model):
    """Lights or water running in a space with no booking and nobody inside."""

    _name = "sports.waste.alert"
    _description = "Energy Waste Alert"
    _inherit = ["mail.thread"]
    _order = "start desc, id desc"

    name = fields.Char(required=True, readonly=True)
    venue_id = fields.Many2one(
        comodel_name="sports.venue", required=True, readonly=True, index=True
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, index=True
    )
    space_id = fields.Many2one(comodel_name="sports.space", readonly=True, index=True)
    area_id = fields.Many2one(comodel_name="sports.area", readonly=True)
    device_id = fields.Many2one(comodel_name="sports.device", readonly=True)
    kind = fields.Selection([("light", "Lights"), ("water", "Water")], required=True, readonly=True)
    start = fields.Datetime(required=True, readonly=True)
    stop = fields.Datetime(readonly=True)
    energy_kwh = fields.Float(string="Wasted (kWh)", readonly=True, digits=(12, 3))
    water_m3 = fields.Float(string="Wasted (m³)", readonly=True, digits=(12, 3))
    state = fields.Selection(
        [("new", "New"), ("done", "Handled")], required=True, default="new", tracking=True
    )
