from odoo import fields, models

# Revenue categories of the daily statistics, in the order reports show them.
REVENUE_CATEGORIES = [
    ("booking", "Bookings"),
    ("ticket", "Tickets"),
    ("card", "Member Cards"),
    ("goods", "POS Goods"),
    ("stall", "Stalls"),
    ("other", "Other"),
]


class SportsVenueStat(models.Model):
    """One venue's statistics for one local day, computed in SQL by the nightly cron or
    on demand. Recomputing a day replaces its row (UNIQUE per venue and day)."""

    _name = "sports.venue.stat"
    _description = "Daily Venue Statistics"
    _order = "date desc, venue_id"
    _rec_name = "date"

    venue_id = fields.Many2one(
        comodel_name="sports.venue", required=True, readonly=True, index=True
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, index=True
    )
    currency_id = fields.Many2one(comodel_name="res.currency", readonly=True)
    date = fields.Date(required=True, readonly=True, index=True)
    # The venue's region and its ancestors, copied at computation, for roll-ups.
    region_id = fields.Many2one(comodel_name="sports.region", readonly=True, index=True)
    province_id = fields.Many2one(comodel_name="sports.region", readonly=True, index=True)
    city_id = fields.Many2one(comodel_name="sports.region", readonly=True, index=True)
    district_id = fields.Many2one(comodel_name="sports.region", readonly=True, index=True)
    # Opening.
    is_open = fields.Boolean(readonly=True, help="The venue was open for at least an hour.")
    is_holiday = fields.Boolean(string="Public Holiday", readonly=True)
    open_hours = fields.Float(readonly=True, digits=(6, 2))
    public_benefit_hours = fields.Float(
        readonly=True,
        digits=(6, 2),
        help="Hours that a core free or low-fee area was open (the most of any such area).",
    )
    outdoor_free_hours = fields.Float(
        readonly=True,
        digits=(6, 2),
        help="The fewest free hours of any outdoor area that day.",
    )
    # Flow.
    unique_visitors = fields.Integer(readonly=True)
    entries = fields.Integer(string="Entries (人次)", readonly=True)
    exits = fields.Integer(readonly=True)
    peak_occupancy = fields.Integer(readonly=True)
    public_benefit_visitors = fields.Integer(readonly=True)
    free_visitors = fields.Integer(readonly=True)
    low_fee_visitors = fields.Integer(readonly=True)
    student_visitors = fields.Integer(readonly=True)
    senior_visitors = fields.Integer(readonly=True)
    disabled_visitors = fields.Integer(readonly=True)
    # Bookings.
    booking_count = fields.Integer(string="Bookings", readonly=True)
    booked_hours = fields.Float(readonly=True, digits=(8, 2))
    bookable_hours = fields.Float(readonly=True, digits=(8, 2))
    utilisation = fields.Float(
        string="Utilisation (%)",
        readonly=True,
        digits=(5, 1),
        aggregator="avg",
        help="Booked hours as a share of the spaces' open hours.",
    )
    # Revenue (company currency).
    revenue_booking = fields.Monetary(string="Revenue: Bookings", readonly=True)
    revenue_ticket = fields.Monetary(string="Revenue: Tickets", readonly=True)
    revenue_card = fields.Monetary(string="Revenue: Member Cards", readonly=True)
    revenue_goods = fields.Monetary(string="Revenue: POS Goods", readonly=True)
    revenue_stall = fields.Monetary(string="Revenue: Stalls", readonly=True)
    revenue_other = fields.Monetary(string="Revenue: Other", readonly=True)
    revenue_total = fields.Monetary(string="Revenue", readonly=True)
    # Vouchers (filled through _sports_stat_voucher_counts once sports_voucher exists).
    vouchers_redeemed = fields.Integer(readonly=True)
    voucher_amount = fields.Monetary(readonly=True)
    # Training and events (filled once those addons exist; zero until then).
    event_count = fields.Integer(readonly=True)
    free_event_count = fields.Integer(readonly=True)
    training_visitors = fields.Integer(string="Training and Guidance (人次)", readonly=True)
    # Energy and water (能耗监测).
    energy_kwh = fields.Float(string="Energy (kWh)", readonly=True, digits=(12, 3))
    water_m3 = fields.Float(string="Water (m³)", readonly=True, digits=(12, 3))
    energy_per_visitor = fields.Float(
        string="kWh per Visitor", readonly=True, digits=(10, 3), aggregator="avg"
    )
    water_per_visitor = fields.Float(
        string="m³ per Visitor", readonly=True, digits=(10, 4), aggregator="avg"
    )
    computed_at = fields.Datetime(readonly=True)

    _venue_date_unique = models.Constraint(
        "UNIQUE(venue_id, date)", "One statistics row per venue and day."
    )
