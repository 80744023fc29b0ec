from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ

# Revenue categories of the daily statistics, in the order reports show them.
REVENUE_CATEGORIES = [
    ("booking", "Bookings"),
    ("ticket", "Tickets"),
    ("card", "Member Cards"),
    ("goods", "POS Goods"),
    ("stall", "Stalls"),
    ("other", "Other"),
]
# Bookings that count: the customer has (or had) the space.
COUNTED_BOOKING_STATES = ("confirmed", "checked_in", "done")
# The most days one call recomputes: a longer range is a mistake, or a job for several.
MAX_DAYS = 400


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
    needs_recompute = fields.Boolean(
        readonly=True,
        index=True,
        help="Access events or readings of this day arrived after it was computed; the "
        "hourly job recomputes it.",
    )

    _venue_date_unique = models.Constraint(
        "UNIQUE(venue_id, date)", "One statistics row per venue and day."
    )

    # ------------------------------------------------------------------ computation

    @api.model
    def _compute_days(self, date_from, date_to, venues=None):
        """Recompute the local days ``[date_from, date_to]`` of ``venues`` (every venue by
        default) and return their rows: the hourly flow rows of those days, one
        ``sports.area.stat`` row per area and day and one row here per venue and day.

        Idempotent: the hourly and area rows of those days are deleted and inserted again,
        the venue rows upserted on ``(venue_id, date)``; a day without any data gets zeros
        (its open hours still come from the calendar). Days are the venue's local days, so
        a day of a daylight-saving change is 23 or 25 hours long and loses or doubles
        nothing.

        Queries per venue, whatever the number of days or events: 4 for the hourly flow
        (delete, insert from events and counters, the check for counters without an area,
        the rows' ids), 4 aggregates (entries per day and area from the hourly rows;
        visitors, fee levels and audiences from the events; peak occupancy; energy and
        water), 1 for public holidays, 1 for bookings, 1 to 2 for revenue (invoices; POS
        orders when sports_pos is installed) and the calendar's few for open hours. Then,
        for all venues together, 3 writes (delete the area rows, insert them, upsert the
        venue rows) and the search of the result.
        """
        date_from = fields.Date.to_date(date_from)
        date_to = fields.Date.to_date(date_to)
        if not date_from or not date_to or date_to < date_from:
            raise UserError(self.env._("Choose a first day that is not after the last day."))
        if (date_to - date_from).days >= MAX_DAYS:
            raise UserError(self.env._("Recompute at most %(days)s days at a time.", days=MAX_DAYS))
        venues = venues if venues is not None else self.env["sports.venue"].search([])
        if not venues:
            return self.browse()
        days = [date_from + timedelta(days=n) for n in range((date_to - date_from).days + 1)]
        for model in ("sports.booking", "sports.area", "sports.venue", "sports.space"):
            self.env[model].flush_model()
        cr = self.env.cr
        # Sorting a day's visitors fits in memory instead of spilling to disk.
        cr.execute("SET LOCAL work_mem = '64MB'")
        venue_rows, area_rows = [], []
        for venue in venues:
            start = venue._day_bounds(date_from)[0]
            end = venue._day_bounds(date_to)[1]
            self.env["sports.flow.hourly"]._compute_hours(start, end, venue)
            rows, areas = self._sports_venue_days(venue, days, start, end)
            venue_rows += rows
            area_rows += areas
        self._sports_write_rows(venues, date_from, date_to, venue_rows, area_rows)
        self.invalidate_model()
        self.env["sports.area.stat"].invalidate_model()
        return self.search(
            [("venue_id", "in", venues.ids), ("date", ">=", date_from), ("date", "<=", date_to)]
        )

    def _sports_venue_days(self, venue, days, start, end):
        """The venue and area rows (dicts of column values) of ``days``."""
        opening = self._sports_open_hours(venue, days)
        holidays = self._sports_holidays(venue, days)
        flow = self._sports_flow(venue, start, end)
        peaks = self._sports_peaks(venue, start, end)
        meters = self._sports_meters(venue, start, end)
        bookings = self._sports_bookings(venue, start, end)
        revenue = self._sports_revenue(venue, days[0], days[-1], start, end)
        vouchers = self._sports_stat_voucher_counts(venue, days[0], days[-1])
        events = self._sports_stat_event_counts(venue, days[0], days[-1])
        province, city, district = venue._sports_region_levels()
        areas = venue.area_ids
        bookable_spaces = len(venue.space_ids.filtered(lambda s: s.bookable and not s.is_composite))
        venue_rows, area_rows = [], []
        for day in days:
            open_hours = opening.get(day, 0.0)
            day_flow = flow.get((day, None), {})
            pb_hours, outdoor_free = 0.0, None
            for area in areas:
                area_flow = flow.get((day, area.id), {})
                area_meter = meters.get((day, area.id), {})
                free_hours = open_hours if not area.entry_price else 0.0
                benefit_hours = open_hours if area.is_core_free_area else 0.0
                pb_hours = max(pb_hours, benefit_hours)
                if area.environment == "outdoor":
                    outdoor_free = (
                        free_hours if outdoor_free is None else min(outdoor_free, free_hours)
                    )
                area_rows.append(
                    {
                        "area_id": area.id,
                        "venue_id": venue.id,
                        "company_id": venue.company_id.id,
                        "date": day,
                        "environment": area.environment,
                        "is_core_free_area": area.is_core_free_area,
                        "open_hours": open_hours,
                        "free_hours": free_hours,
                        "public_benefit_hours": benefit_hours,
                        "entries": area_flow.get("entries", 0),
                        "unique_visitors": area_flow.get("visitors", 0),
                        "energy_kwh": area_meter.get("energy", 0.0),
                        "water_m3": area_meter.get("water", 0.0),
                    }
                )
            meter = meters.get((day, None), {})
            booked = bookings.get(day, (0, 0.0))
            bookable = bookable_spaces * open_hours
            money = revenue.get(day, {})
            voucher = vouchers.get((venue.id, day), (0, 0.0))
            event = events.get((venue.id, day), {})
            entries = day_flow.get("entries", 0)
            energy, water = meter.get("energy", 0.0), meter.get("water", 0.0)
            venue_rows.append(
                {
                    "venue_id": venue.id,
                    "company_id": venue.company_id.id,
                    "currency_id": venue.company_id.currency_id.id,
                    "date": day,
                    "region_id": venue.region_id.id or None,
                    "province_id": province.id or None,
                    "city_id": city.id or None,
                    "district_id": district.id or None,
                    "is_open": open_hours >= 1.0,
                    "is_holiday": day in holidays,
                    "open_hours": open_hours,
                    "public_benefit_hours": pb_hours,
                    "outdoor_free_hours": outdoor_free or 0.0,
                    "unique_visitors": day_flow.get("visitors", 0),
                    "entries": entries,
                    "exits": day_flow.get("exits", 0),
                    "peak_occupancy": peaks.get(day, 0),
                    "public_benefit_visitors": day_flow.get("benefit_entries", 0),
                    "free_visitors": day_flow.get("free", 0),
                    "low_fee_visitors": day_flow.get("low", 0),
                    "student_visitors": day_flow.get("student", 0),
                    "senior_visitors": day_flow.get("senior", 0),
                    "disabled_visitors": day_flow.get("disabled", 0),
                    "booking_count": booked[0],
                    "booked_hours": booked[1],
                    "bookable_hours": bookable,
                    "utilisation": round(100.0 * booked[1] / bookable, 1) if bookable else 0.0,
                    **{
                        f"revenue_{code}": money.get(code, 0.0)
                        for code, _label in REVENUE_CATEGORIES
                    },
                    "revenue_total": sum(money.values()),
                    "vouchers_redeemed": voucher[0],
                    "voucher_amount": voucher[1],
                    "event_count": event.get("event_count", 0),
                    "free_event_count": event.get("free_event_count", 0),
                    "training_visitors": event.get("training_visitors", 0),
                    "energy_kwh": energy,
                    "water_m3": water,
                    "energy_per_visitor": energy / entries if entries else 0.0,
                    "water_per_visitor": water / entries if entries else 0.0,
                }
            )
        return venue_rows, area_rows

    def _sports_write_rows(self, venues, date_from, date_to, venue_rows, area_rows):
        """Replace the area rows and upsert the venue rows, in two statements each."""
        cr = self.env.cr
        uid = self.env.uid
        cr.execute(
            SQL(
                "DELETE FROM sports_area_stat WHERE venue_id IN %s AND date BETWEEN %s AND %s",
                tuple(venues.ids),
                date_from,
                date_to,
            )
        )
        for table, rows, conflict in (
            ("sports_area_stat", area_rows, None),
            ("sports_venue_stat", venue_rows, ("venue_id", "date")),
        ):
            if not rows:
                continue
            columns = list(rows[0])
            values = SQL(", ").join(
                SQL(
                    "(%s, now() AT TIME ZONE 'UTC', %s, %s, now() AT TIME ZONE 'UTC', "
                    "now() AT TIME ZONE 'UTC')",
                    SQL(", ").join(SQL("%s", row[column]) for column in columns),
                    uid,
                    uid,
                )
                for row in rows
            )
            upsert = SQL()
            if conflict:
                upsert = SQL(
                    "ON CONFLICT (%s) DO UPDATE SET %s, needs_recompute = FALSE",
                    SQL(", ").join(SQL.identifier(column) for column in conflict),
                    SQL(", ").join(
                        SQL("%s = EXCLUDED.%s", SQL.identifier(column), SQL.identifier(column))
                        for column in [*columns, "computed_at", "write_uid", "write_date"]
                        if column not in conflict
                    ),
                )
            cr.execute(
                SQL(
                    """INSERT INTO %s (%s, computed_at, create_uid, write_uid, create_date,
                                       write_date)
                       VALUES %s %s""",
                    SQL.identifier(table),
                    SQL(", ").join(SQL.identifier(column) for column in columns),
                    values,
                    upsert,
                )
            )

    # ------------------------------------------------------------------ opening

    def _sports_open_hours(self, venue, days):
        """``{day: hours}`` the venue is open (weekly hours minus closures), per local day."""
        start = venue._day_bounds(days[0])[0]
        end = venue._day_bounds(days[-1])[1]
        hours = {}
        bounds = {day: venue._day_bounds(day) for day in days}
        for i_start, i_stop in venue._open_intervals(start, end):
            for day, (d_start, d_end) in bounds.items():
                overlap = (min(i_stop, d_end) - max(i_start, d_start)).total_seconds()
                if overlap > 0:
                    hours[day] = hours.get(day, 0.0) + overlap / 3600.0
        return hours

    def _sports_holidays(self, venue, days):
        """The public holidays (``sports.holiday``) of the venue's company among ``days``."""
        # sudo: holidays are public facts; the cron and managers read them alike.
        holidays = (
            self.env["sports.holiday"]
            .sudo()
            .search(
                [
                    ("date", ">=", days[0]),
                    ("date", "<=", days[-1]),
                    ("company_id", "in", (venue.company_id.id, False)),
                ]
            )
        )
        return set(holidays.mapped("date"))

    # ------------------------------------------------------------------ bookings

    def _sports_bookings(self, venue, start, end):
        """``{day: (count, hours)}`` of the bookings (not closures) starting that local
        day that the customer has or had: confirmed, checked in or done."""
        self.env.cr.execute(
            SQL(
                """SELECT (start_at AT TIME ZONE 'UTC' AT TIME ZONE %s)::date,
                          COUNT(*), SUM(EXTRACT(EPOCH FROM end_at - start_at)) / 3600.0
                     FROM sports_booking
                    WHERE venue_id = %s AND kind = 'booking' AND state IN %s
                      AND start_at >= %s AND start_at < %s
                    GROUP BY 1""",
                venue._tz_name(),
                venue.id,
                COUNTED_BOOKING_STATES,
                start,
                end,
            )
        )
        return {day: (count, float(hours or 0.0)) for day, count, hours in self.env.cr.fetchall()}

    # ------------------------------------------------------------------ hooks

    @api.model
    def _sports_stat_voucher_counts(self, venues, date_from, date_to):
        """``{(venue_id, date): (count, amount)}`` of vouchers redeemed; the voucher addon
        overrides it. Empty here."""
        return {}

    @api.model
    def _sports_stat_event_counts(self, venues, date_from, date_to):
        """``{(venue_id, date): {"event_count", "free_event_count", "training_visitors"}}``;
        the events and training addons override it. Empty here."""
        return {}

    # ------------------------------------------------------------------ crons

    @api.model
    def _cron_compute_nightly(self):
        """Compute yesterday in each venue's time zone, then call the nightly hook."""
        now = fields.Datetime.now()
        # sudo: the cron computes the statistics of every venue, whatever its user may read.
        self_sudo = self.sudo()
        venues = self_sudo.env["sports.venue"].search([])
        by_day = {}
        for venue in venues:
            day = venue._local_date(now) - timedelta(days=1)
            by_day[day] = by_day.get(day, venues.browse()) | venue
        for day, day_venues in sorted(by_day.items()):
            self_sudo._compute_days(day, day, day_venues)
            self_sudo._sports_after_nightly(day)
        return True

    @api.model
    def _sports_after_nightly(self, day):
        """Hook called once ``day`` is computed (compliance, waste alerts); no-op here."""
        return None

    @api.model
    def _sports_mark_late(self, passages):
        """Mark for recomputation the computed days that late uploads touch: the proxy
        uploads what it decided offline, sometimes days later. ``passages`` is an SQL query
        of ``(venue_id, moment)`` rows (UTC); each falls on its venue's local day."""
        self.env.cr.execute(
            SQL(
                """UPDATE sports_venue_stat stat SET needs_recompute = TRUE
                     FROM (SELECT DISTINCT late.venue_id,
                                  (late.moment AT TIME ZONE 'UTC'
                                   AT TIME ZONE COALESCE(venue.tz, %s))::date AS day
                             FROM (%s) AS late(venue_id, moment)
                             JOIN sports_venue venue ON venue.id = late.venue_id) late
                    WHERE stat.venue_id = late.venue_id AND stat.date = late.day
                      AND NOT COALESCE(stat.needs_recompute, FALSE)""",
                DEFAULT_TZ,
                passages,
            )
        )
        self.invalidate_model(["needs_recompute"])

    @api.model
    def _sports_recompute_stale(self):
        """Recompute the days that late uploads marked (``needs_recompute``)."""
        stale = self.search([("needs_recompute", "=", True)])
        for venue in stale.venue_id:
            dates = stale.filtered(lambda s, v=venue: s.venue_id == v).mapped("date")
            for day in sorted(set(dates)):
                self._compute_days(day, day, venue)
        return stale.exists()
