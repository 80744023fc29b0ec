from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError
from odoo.tools import frozendict


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

    # ------------------------------------------------------------------ gate configuration

    @api.model_create_multi
    def create(self, vals_list):
        points = super().create(vals_list)
        self.env.registry.clear_cache()  # a new code may name a point a gate asked for
        return points

    def write(self, vals):
        result = super().write(vals)
        self.env.registry.clear_cache()  # the gates' configuration (_gate_config)
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result

    @api.model
    def _gate_point_id(self, venue_ids, point):
        """The id of the active point named ``point`` (its code, or its id) among the
        venues ``venue_ids`` (a sorted tuple), or ``None``, from what ``_gate_points``
        remembers (nothing the caller sends becomes a cache key)."""
        by_code, ids = self._gate_points(venue_ids)
        if isinstance(point, int) and not isinstance(point, bool):
            return point if point in ids else None
        if isinstance(point, str) and point.strip():
            return by_code.get(point.strip())
        return None

    @api.model
    @tools.ormcache("venue_ids")
    def _gate_points(self, venue_ids):
        """``({code: id}, {id})`` of the active points of venues ``venue_ids`` (a sorted
        tuple), the first in ``_order`` for a code that two venues share; remembered by
        each worker until a point is written (``registry.clear_cache()`` reaches every
        worker)."""
        # sudo: the caller's venues were checked by the access API; this only names ids.
        points = self.sudo().search_fetch(
            [("venue_id", "in", list(venue_ids)), ("active", "=", True)], ["code"]
        )
        by_code = {}
        for point in points:
            by_code.setdefault(point.code, point.id)
        return frozendict(by_code), frozenset(points.ids)

    @api.model
    @tools.ormcache("point_id")
    def _gate_config(self, point_id):
        """What a gate decision reads of point ``point_id`` and its area, as a frozen dict;
        remembered by each worker until a point or an access setting of an area is
        written (see ``sports.area.write``)."""
        # sudo: the configuration of a point the access API already found for its caller.
        point = self.sudo().with_context(active_test=False).browse(point_id)
        area = point.area_id
        return frozendict(
            id=point.id,
            company_id=point.company_id.id,
            venue_id=point.venue_id.id,
            area_id=area.id,
            space_id=point.space_id.id,
            direction=point.direction,
            anti_passback=area.access_anti_passback,
            passback_timeout=area.access_passback_timeout,
            sharing_minutes=area.access_sharing_minutes,
            price=point.entry_price or area.entry_price or 0.0,
        )

    def _entry_price(self):
        """The price of an entry here: the point's, else its area's; 0.0 when neither has one."""
        self.ensure_one()
        return self._gate_config(self.id)["price"]

    def _facts(self, direction=None):
        """The point as ``arena_access.decide`` reads it, for one passage ``direction``."""
        self.ensure_one()
        config = self._gate_config(self.id)
        return {
            "id": config["id"],
            "company_id": config["company_id"],
            "venue_id": config["venue_id"],
            "area_id": config["area_id"],
            "direction": direction or ("out" if config["direction"] == "out" else "in"),
            "anti_passback": config["anti_passback"],
            "passback_timeout": config["passback_timeout"],
            "sharing_minutes": config["sharing_minutes"],
            "price": config["price"] or None,
        }
