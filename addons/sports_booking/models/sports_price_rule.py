from datetime import timedelta
from typing import NamedTuple

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError

DAY_KINDS = [
    ("all", "Every Day"),
    ("weekday", "Weekdays (Mon-Fri)"),
    ("weekend", "Weekends (Sat-Sun)"),
    ("holiday", "Public Holidays"),
]
TIERS = [("all", "Everyone"), ("guest", "Guests"), ("member", "Members")]


class RuleTerms(NamedTuple):
    """What a price rule says, as the per-worker cache holds it."""

    rule_id: int
    space_ids: frozenset
    sport_ids: frozenset
    customer_tier: str
    day_kind: str
    hour_from: float
    hour_to: float
    price_per_hour: float

    def matches(self, space_id, sport_ids, local_start, tier, is_holiday):
        """Whether the rule prices a slot of the space starting at ``local_start``."""
        if self.space_ids and space_id not in self.space_ids:
            return False
        if self.sport_ids and not (self.sport_ids & sport_ids):
            return False
        if self.customer_tier != "all" and self.customer_tier != tier:
            return False
        if is_holiday:
            if self.day_kind not in ("all", "holiday"):
                return False
        elif self.day_kind == "holiday":
            return False
        elif self.day_kind == "weekday" and local_start.weekday() >= 5:
            return False
        elif self.day_kind == "weekend" and local_start.weekday() < 5:
            return False
        hour = local_start.hour + local_start.minute / 60
        return self.hour_from <= hour < self.hour_to


class SportsPriceRule(models.Model):
    """An hourly price for spaces of a venue, by day kind, time band and customer tier.

    Each slot of a booking is priced by the first matching rule in sequence order, on the
    slot's local start time; the booking price is the sum of its slots. A public holiday
    matches only "holiday" and "every day" rules.
    """

    _name = "sports.price.rule"
    _description = "Booking Price Rule"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10, help="The first matching rule wins.")
    active = fields.Boolean(default=True)
    venue_id = fields.Many2one(
        comodel_name="sports.venue",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        related="venue_id.company_id",
        store=True,
        index=True,
        precompute=True,
    )
    space_ids = fields.Many2many(
        comodel_name="sports.space",
        string="Spaces",
        domain="[('venue_id', '=', venue_id)]",
        help="Leave empty for every space of the venue.",
    )
    sport_ids = fields.Many2many(
        comodel_name="sports.sport", string="Sports", help="Leave empty for every sport."
    )
    day_kind = fields.Selection(DAY_KINDS, required=True, default="all")
    hour_from = fields.Float(string="From", required=True, default=0.0, help="Local time.")
    hour_to = fields.Float(string="To", required=True, default=24.0, help="Local time.")
    customer_tier = fields.Selection(TIERS, required=True, default="all")
    currency_id = fields.Many2one(related="company_id.currency_id")
    price_per_hour = fields.Monetary(required=True)

    _hours_valid = models.Constraint(
        "CHECK(hour_from >= 0 AND hour_to <= 24 AND hour_from < hour_to)",
        "A time band runs from 0:00 to 24:00 and must end after it starts.",
    )
    _price_positive = models.Constraint("CHECK(price_per_hour >= 0)", "A price cannot be negative.")

    @api.constrains("space_ids", "venue_id")
    def _check_spaces_venue(self):
        for rule in self:
            if rule.space_ids.filtered(lambda s: s.venue_id != rule.venue_id):
                raise ValidationError(
                    _("The spaces of price rule %(rule)s must belong to its venue.", rule=rule.name)
                )

    @api.model
    def _customer_tier(self, partner):
        """Hook for membership: the tier a customer books at."""
        return "member" if partner and partner.arena_member else "guest"

    # ------------------------------------------------------------------------------------
    # Pricing, on rules cached per worker
    # ------------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        self.env.registry.clear_cache()  # _venue_rules
        return rules

    def write(self, vals):
        res = super().write(vals)
        self.env.registry.clear_cache()  # _venue_rules
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()  # _venue_rules
        return res

    @api.model
    @tools.ormcache("venue_id")
    def _venue_rules(self, venue_id):
        """The active rules of the venue in sequence order, as plain values: cached per
        worker, so that pricing a booking reads no rule; any change of a rule clears the
        cache, in every worker."""
        # sudo: prices are public information; portal users may not read the rules.
        rules = self.sudo().search([("venue_id", "=", venue_id)])
        return tuple(
            RuleTerms(
                rule.id,
                frozenset(rule.space_ids.ids),
                frozenset(rule.sport_ids.ids),
                rule.customer_tier,
                rule.day_kind,
                rule.hour_from,
                rule.hour_to,
                rule.price_per_hour,
            )
            for rule in rules
        )

    @api.model
    def _price_slots(self, space, start, end, partner):
        """Price each slot of ``space`` between UTC ``start`` and ``end``.

        :return: list of ``(slot_start_utc, rule, amount)``
        :raise UserError: when a slot has no price
        """
        venue = space.venue_id
        slot = timedelta(minutes=space._slot_minutes())
        rules = self._venue_rules(venue.id)
        sport_ids = frozenset(space.sport_ids.ids)
        tier = self._customer_tier(partner)
        Holiday = self.env["sports.holiday"]
        result = []
        slot_start = start
        while slot_start < end:
            local = venue._localize(slot_start).replace(tzinfo=None)
            is_holiday = Holiday._is_holiday(venue.company_id, local.date())
            terms = next(
                (t for t in rules if t.matches(space.id, sport_ids, local, tier, is_holiday)),
                None,
            )
            if not terms:
                raise UserError(
                    _(
                        "%(space)s has no price for %(time)s. Ask the venue to set up a price "
                        "rule.",
                        space=space.name,
                        time=f"{local:%Y-%m-%d %H:%M}",
                    )
                )
            amount = terms.price_per_hour * slot.total_seconds() / 3600
            result.append((slot_start, self.browse(terms.rule_id), amount))
            slot_start += slot
        return result

    @api.model
    def _compute_price(self, space, start, end, partner):
        currency = space.company_id.currency_id
        return currency.round(sum(a for _s, _r, a in self._price_slots(space, start, end, partner)))
