from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class SportsAccessPoint(models.Model):
    _name = "sports.access.point"
    _description = "Access Point"
    _order = "venue_id, area_id, sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Stable identifier used by the proxy and in events, unique per venue.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    area_id = fields.Many2one(
        comodel_name="sports.area",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    venue_id = fields.Many2one(related="area_id.venue_id", store=True, index=True)
    company_id = fields.Many2one(related="area_id.company_id", store=True, index=True)
    space_id = fields.Many2one(
        comodel_name="sports.space",
        check_company=True,
        help="Where a count or period card entry is counted; the area's first space "
        "the card may use when empty.",
    )
    direction = fields.Selection(
        [("in", "Entry"), ("out", "Exit"), ("both", "Both")], required=True, default="in"
    )
    gate_device_id = fields.Many2one(
        comodel_name="sports.device",
        string="Gate",
        domain="[('kind', '=', 'gate'), ('venue_id', '=', venue_id)]",
        check_company=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    entry_price = fields.Monetary(
        help="What a stored-value card pays for an entry here, e.g. 30 for a swim; "
        "empty takes the area's price. A stored-value card enters only where there is one.",
    )
    area_entry_price = fields.Monetary(
        related="area_id.entry_price",
        string="Area's Entry Price",
        help="Charged here while the point has no price of its own.",
    )
    reader_device_ids = fields.Many2many(
        comodel_name="sports.device",
        string="Readers",
        domain="[('kind', '=', 'reader'), ('venue_id', '=', venue_id)]",
        check_company=True,
    )

    _code_venue_unique = models.Constraint(
        "UNIQUE(venue_id, code)", "The access point code must be unique per venue."
    )
    _entry_price_not_negative = models.Constraint(
        "CHECK(entry_price IS NULL OR entry_price >= 0)", "An entry price cannot be negative."
    )

    @api.constrains("gate_device_id", "reader_device_ids", "area_id")
    def _check_devices_in_venue(self):
        for point in self:
            devices = point.gate_device_id | point.reader_device_ids
            if devices.filtered(lambda d, p=point: d.venue_id != p.venue_id):
                raise ValidationError(
                    _("The devices of %(point)s must belong to its venue.", point=point.name)
                )

    def _entry_price(self):
        """The price of an entry here: the point's, else its area's; 0.0 when neither has one."""
        self.ensure_one()
        return self.entry_price or self.area_id.entry_price or 0.0

    def _facts(self, direction=None):
        """The point as ``arena_access.decide`` reads it, for one passage ``direction``."""
        self.ensure_one()
        area = self.area_id
        return {
            "id": self.id,
            "company_id": self.company_id.id,
            "venue_id": self.venue_id.id,
            "area_id": area.id,
            "direction": direction or ("out" if self.direction == "out" else "in"),
            "anti_passback": area.access_anti_passback,
            "passback_timeout": area.access_passback_timeout,
            "sharing_minutes": area.access_sharing_minutes,
            "price": self._entry_price() or None,
        }
