import math
from datetime import timedelta

from odoo import api, fields, models


class SportsTimedItem(models.Model):
    """Something the front desk hires out by the time played: a table, a ball machine.

    A session on it costs ``price`` for every period of ``period_minutes`` that it has
    started: 31 minutes of a 30-minute period cost two periods.
    """

    _name = "sports.timed.item"
    _description = "Timed Item"
    _order = "venue_id, sequence, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, help="What the cashier picks, e.g. Table 1.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    venue_id = fields.Many2one(
        comodel_name="sports.venue",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        help="The venue whose front desks start sessions on this item.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        related="venue_id.company_id",
        store=True,
        index=True,
        precompute=True,
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        required=True,
        ondelete="restrict",
        check_company=True,
        domain="[('sale_ok', '=', True), ('available_in_pos', '=', True)]",
        help="The product of the POS line that bills a session; it must be available in the POS.",
    )
    period_minutes = fields.Integer(
        string="Period (min)",
        required=True,
        default=30,
        help="Every started period is billed in full.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    price = fields.Monetary(
        string="Price per Period", required=True, help="The price of one started period."
    )
    session_ids = fields.One2many(
        comodel_name="sports.timed.session", inverse_name="item_id", string="Sessions"
    )

    _period_valid = models.Constraint(
        "CHECK(period_minutes > 0 AND period_minutes <= 1440)",
        "A period lasts from one minute to one day.",
    )
    _price_positive = models.Constraint("CHECK(price >= 0)", "A price cannot be negative.")

    @api.depends("name", "venue_id.name")
    def _compute_display_name(self):
        for item in self:
            item.display_name = (
                f"{item.venue_id.name} · {item.name}" if item.venue_id else item.name
            )

    def _price_until(self, start, at):
        """What a session started at ``start`` costs at ``at``, and until when.

        :return: ``(amount, until)``: the price of the started periods, and the end of the
            last of them, when the next one starts to count.
        """
        self.ensure_one()
        period = timedelta(minutes=self.period_minutes)
        periods = max(1, math.ceil((at - start) / period))
        return self.currency_id.round(periods * self.price), start + periods * period
