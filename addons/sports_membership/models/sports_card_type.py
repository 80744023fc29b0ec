from odoo import _, fields, models
from odoo.exceptions import UserError

KINDS = [("stored_value", "Stored Value"), ("count", "Count"), ("period", "Period")]


class SportsCardType(models.Model):
    _name = "sports.card.type"
    _inherit = ["sports.sold.mixin"]
    _description = "Member Card Type"
    _order = "sequence, name, id"
    _rec_name = "name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    kind = fields.Selection(
        selection=KINDS,
        required=True,
        default="stored_value",
        help="Stored value: money with top-up bonuses. Count: N entries within a validity. "
        "Period: unlimited entries for some months.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    price = fields.Monetary(help="Sale price of the card.")
    deposit = fields.Monetary(help="Deposit taken for the physical card, returned on refund.")
    topup_ids = fields.One2many(
        comodel_name="sports.card.type.topup",
        inverse_name="type_id",
        string="Top-up Bonuses",
        copy=True,
    )
    uses = fields.Integer(string="Entries", help="Entries a count card carries when issued.")
    validity_days = fields.Integer(
        help="Days a card stays valid from its issue (count cards; 0 means no end)."
    )
    validity_months = fields.Integer(help="Months a period card stays valid.")
    daily_cap = fields.Integer(help="At most this many uses a day (0: no cap).")
    venue_ids = fields.Many2many(
        comodel_name="sports.venue", string="Venues", help="Usable only at these venues."
    )
    sport_ids = fields.Many2many(
        comodel_name="sports.sport", string="Sports", help="Usable only for these sports."
    )
    space_ids = fields.Many2many(
        comodel_name="sports.space", string="Spaces", help="Usable only on these spaces."
    )
    transferable = fields.Boolean(help="A card of this type may change holder.")
    refund_fee_percent = fields.Float(
        string="Refund Fee (%)", help="Share of the paid balance kept when a card is refunded."
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        readonly=True,
        ondelete="restrict",
        help="The product that sells this card, created with the type.",
    )
    card_count = fields.Integer(compute="_compute_card_count", search="_search_card_count")
    sold_online = fields.Boolean(
        index=True,
        help="Members may buy this card type, and renew its count and period cards, on the portal.",
    )

    _values_positive = models.Constraint(
        "CHECK(price >= 0 AND deposit >= 0 AND uses >= 0 AND validity_days >= 0 "
        "AND validity_months >= 0 AND daily_cap >= 0 "
        "AND refund_fee_percent >= 0 AND refund_fee_percent <= 100)",
        "Prices, deposits, entries, validities and caps cannot be negative, and the refund "
        "fee lies between 0 and 100 %.",
    )
    _count_has_uses = models.Constraint(
        "CHECK(kind != 'count' OR uses > 0)", "A count card type needs at least one entry."
    )
    _period_has_months = models.Constraint(
        "CHECK(kind != 'period' OR validity_months > 0)",
        "A period card type needs a validity in months.",
    )

    def _compute_card_count(self):
        counts = dict(
            self.env["sports.card"]._read_group(
                [("type_id", "in", self.ids)], ["type_id"], ["__count"]
            )
        )
        for card_type in self:
            card_type.card_count = counts.get(card_type, 0)

    def _search_card_count(self, operator, value):
        comparisons = {
            "=": lambda a, b: a == b,
            "!=": lambda a, b: a != b,
            ">": lambda a, b: a > b,
            ">=": lambda a, b: a >= b,
            "<": lambda a, b: a < b,
            "<=": lambda a, b: a <= b,
        }
        if operator not in comparisons:
            return NotImplemented
        counts = dict(self.env["sports.card"]._read_group([], ["type_id"], ["__count"]))
        types = self.with_context(active_test=False).search([])
        return [
            ("id", "in", [t.id for t in types if comparisons[operator](counts.get(t, 0), value)])
        ]

    def _bonus_for(self, amount):
        """The bonus of the highest tier whose amount ``amount`` reaches."""
        self.ensure_one()
        tiers = self.topup_ids.filtered(
            lambda t: self.currency_id.compare_amounts(t.amount_min, amount) <= 0
        )
        return max(tiers, key=lambda t: t.amount_min).bonus if tiers else 0.0

    def _check_sold_online(self):
        """Refuse a type that members may not buy or renew online (any more)."""
        self.ensure_one()
        if not (self.active and self.sold_online):
            raise UserError(
                _("This card type is not sold online. Ask at the front desk of your venue.")
            )

    def action_view_cards(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sports_membership.sports_card_action"
        )
        action["domain"] = [("type_id", "=", self.id)]
        action["context"] = {"default_type_id": self.id}
        return action
