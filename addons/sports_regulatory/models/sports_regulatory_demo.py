"""The demo's year of history for the regulators: sources, then their statistics."""

import logging
import math
import random
import time
from datetime import timedelta

from odoo import api, fields, models

_logger = logging.getLogger(__name__)

# Passengers per open hour on an ordinary weekday, per demo area (xmlid).
COUNTER_AREAS = {
    "sports_regulatory.area_gulou_swim_pool": ("sports_regulatory.device_gulou_swim_counter", 34),
    "sports_regulatory.area_gulou_fit_hall": ("sports_regulatory.device_gulou_fit_counter", 22),
    "sports_regulatory.area_gulou_post_yard": ("sports_regulatory.device_gulou_post_counter", 12),
    "sports_venue.area_xwfit_hall": ("sports_regulatory.device_xwfit_counter", 18),
}
# Venues whose area swims: a strong summer peak; the others only a mild winter low.
SWIMMING_AREAS = {"sports_regulatory.area_gulou_swim_pool"}
# Hourly meters: (device xmlid, kWh or m³ per open hour, metric).
METERS = [
    ("sports_regulatory.device_gulou_swim_energy", 42.0, "energy_kwh"),
    ("sports_regulatory.device_gulou_swim_shower", 1.6, "water_m3"),
    ("sports_regulatory.device_gulou_fit_energy", 18.0, "energy_kwh"),
]
# Lights of the city sports centre left on after closing on some evenings (waste alerts).
WASTEFUL_LIGHTS = ["sports_venue.device_csc_light_bb1", "sports_venue.device_csc_light_bd2"]
BATCH = 5000


def _uuid(rng):
    """A version-4 UUID string from ``rng`` (deterministic, so a rerun skips its rows)."""
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:]}"


def _ids(device):
    """What a reading row needs of a device."""
    return (device.id, device.venue_id.id, device.venue_id.company_id.id)


class SportsRegulatoryDemo(models.AbstractModel):
    _name = "sports.regulatory.demo"
    _description = "Regulatory Demo Data"

    @api.model
    def _demo_books(self, company):
        """The demo operator keeps its books like the main company: on its chart (l10n_cn
        when the demo moved the main company there) and in its currency. It has no entries
        yet, so the chart loads as on a new company."""
        main = self.env.ref("base.main_company")
        template = main.chart_template
        if not template or company.chart_template == template:
            return
        company.partner_id.country_id = main.country_id
        # _load rather than try_loading: this runs while the registry loads (demo data).
        self.env["account.chart.template"]._load(template, company, install_demo=False)
        company.currency_id = main.currency_id

    @api.model
    def _generate(self, days=365):
        """``days`` days of people-counter and meter readings of the demo venues (the
        access log of 南京市体育中心 before the month sports_access's demo makes), the
        Spring Festival closures, then the daily statistics, compliance and waste alerts.

        Seasons (swimming peaks in July, winter is low), weekends and public holidays are
        busier; closed days (Mondays at 鼓楼全民健身中心, the closures) have no readings.
        Deterministic: one seeded random generator.
        """
        started = time.monotonic()
        rng = random.Random(20261201)
        ref = self.env.ref
        self._demo_books(ref("sports_regulatory.company_operator_gulou"))
        csc = ref("sports_venue.venue_csc")
        today = csc._local_date(fields.Datetime.now())
        first = today - timedelta(days=days)
        yesterday = today - timedelta(days=1)
        holidays = set(
            self.env["sports.holiday"]
            .search([("date", ">=", first), ("date", "<=", today)])
            .mapped("date")
        )
        self._demo_closures(first, today, holidays)

        readings = []
        for area_xmlid, (counter_xmlid, per_hour) in COUNTER_AREAS.items():
            area = ref(area_xmlid)
            counter = _ids(ref(counter_xmlid))
            swimming = area_xmlid in SWIMMING_AREAS
            for hour_start, day in self._open_hours(area.venue_id, first, today):
                people = round(
                    per_hour * self._busyness(day, holidays, swimming) * rng.uniform(0.7, 1.3)
                )
                readings += self._counter_rows(counter, hour_start, people, rng)
        for device_xmlid, per_hour, metric in METERS:
            meter = ref(device_xmlid)
            swimming = meter.area_id == ref("sports_regulatory.area_gulou_swim_pool")
            device = _ids(meter)
            for hour_start, day in self._open_hours(meter.venue_id, first, today):
                load = 0.6 + 0.4 * self._busyness(day, holidays, swimming)
                readings.append(
                    self._reading(
                        device,
                        metric,
                        round(per_hour * load * rng.uniform(0.85, 1.15), 3),
                        hour_start + timedelta(hours=1),
                        rng,
                    )
                )
        readings += self._wasteful_evenings(today, rng)
        Reading = self.env["sports.device.reading"]
        for n in range(0, len(readings), BATCH):
            Reading._insert_rows(readings[n : n + BATCH])
        events = self._csc_events(csc, first, today - timedelta(days=31), holidays, rng)
        sources = time.monotonic() - started
        _logger.info(
            "Regulatory demo: %s readings and %s access events in %.1f s",
            len(readings),
            events,
            sources,
        )
        self._demo_statistics(first, yesterday)
        _logger.info("Regulatory demo: a year of history in %.1f s", time.monotonic() - started)
        return True

    # ------------------------------------------------------------------ sources

    @api.model
    def _busyness(self, day, holidays, swimming):
        """How busy ``day`` is compared with an ordinary weekday of the year's mean."""
        # Day of the year from the middle of July, as an angle: 0 in summer, pi in winter.
        angle = 2 * math.pi * (day.timetuple().tm_yday - 196) / 365.0
        season = 1 + (0.55 if swimming else 0.15) * math.cos(angle)
        if day in holidays:
            season *= 1.6
        elif day.weekday() >= 5:
            season *= 1.35
        return season

    @api.model
    def _open_hours(self, venue, first, last):
        """``(start, local day)`` of the whole hours the venue is open in its local days
        ``[first, last)``, starts in naive UTC."""
        start = venue._day_bounds(first)[0]
        end = venue._day_bounds(last)[0]
        hours = []
        for i_start, i_stop in venue._open_intervals(start, end):
            moment = i_start.replace(minute=0, second=0, microsecond=0)
            day = venue._local_date(moment)
            while moment + timedelta(hours=1) <= i_stop:
                hours.append((moment, day))
                moment += timedelta(hours=1)
        return hours

    @api.model
    def _reading(self, device, metric, value, at, rng):
        """``device`` is ``(device id, venue id, company id)``."""
        return {
            "uuid": _uuid(rng),
            "device_id": device[0],
            "venue_id": device[1],
            "company_id": device[2],
            "metric": metric,
            "value": value,
            "measured_at": at,
        }

    @api.model
    def _counter_rows(self, counter, hour_start, people, rng):
        """A counter's readings for one hour: who came in and who left."""
        at = hour_start + timedelta(hours=1)
        leaving = round(people * rng.uniform(0.8, 1.0))
        return [
            self._reading(counter, "people_in", people, at, rng),
            self._reading(counter, "people_out", leaving, at, rng),
        ]

    @api.model
    def _wasteful_evenings(self, today, rng):
        """Five-minute power readings of two courts' lights on the last fortnight's
        evenings (21:00 to 23:30 local); on some evenings they stay on after closing."""
        csc = self.env.ref("sports_venue.venue_csc")
        rows = []
        for days_ago in range(14, 0, -1):
            day = today - timedelta(days=days_ago)
            left_on = rng.random() < 0.4
            evening = csc._day_bounds(day)[0] + timedelta(hours=21)
            for xmlid in WASTEFUL_LIGHTS:
                device = self.env.ref(xmlid, raise_if_not_found=False)
                if not device:
                    continue
                off_after = timedelta(minutes=rng.choice([70, 90, 110]) if left_on else 55)
                for step in range(31):
                    delta = timedelta(minutes=5 * step)
                    power = 4.5 if delta <= off_after else 0.0
                    rows.append(
                        self._reading(_ids(device), "power_kw", power, evening + delta, rng)
                    )
        return rows

    @api.model
    def _csc_events(self, venue, first, last, holidays, rng):
        """Passages of 南京市体育中心 on ``[first, last]``, thinner than sports_access's
        month (one visit each) to keep the install short. Returns how many."""
        points = self.env["sports.access.point"].search([("venue_id", "=", venue.id)])
        by_code = {point.code: point for point in points}
        pairs = [
            (by_code.get(code_in), by_code.get(code_out))
            for code_in, code_out in (("pool-in-1", "pool-out-1"), ("gym-in-1", "gym-out-1"))
        ]
        pairs = [pair for pair in pairs if pair[0] and pair[1]]
        if not pairs:
            return 0
        hours = self._open_hours(venue, first, last + timedelta(days=1))
        by_day = {}
        for hour_start, day in hours:
            by_day.setdefault(day, []).append(hour_start)
        rows = []
        count = 0
        Event = self.env["sports.access.event"]
        for day, day_hours in sorted(by_day.items()):
            visitors = round(40 * self._busyness(day, holidays, True) * rng.uniform(0.8, 1.2))
            opening = day_hours[0]
            span = (day_hours[-1] - opening).total_seconds() / 3600.0
            for visitor in range(visitors):
                point_in, point_out = pairs[rng.random() < 0.45]
                start = opening + timedelta(hours=rng.random() * max(span - 1.5, 0.5))
                stay = timedelta(minutes=rng.randint(40, 120))
                for point, moment, direction in (
                    (point_in, start, "in"),
                    (point_out, start + stay, "out"),
                ):
                    rows.append(
                        {
                            "uuid": _uuid(rng),
                            "point_id": point.id,
                            "area_id": point.area_id.id,
                            "venue_id": venue.id,
                            "company_id": venue.company_id.id,
                            "credential_kind": "qr",
                            "credential_ref": f"demo:{day}-{visitor}",
                            "person_key": f"qr:demo:{day}-{visitor}",
                            "direction": direction,
                            "decision": "granted",
                            "device_time": moment,
                            "source": "online",
                        }
                    )
            if len(rows) >= 4 * BATCH:
                Event._insert_rows(rows)
                count += len(rows)
                rows = []
        Event._insert_rows(rows)
        return count + len(rows)

    @api.model
    def _demo_closures(self, first, today, holidays):
        """The Spring Festival closure (the three days before its first holiday) of the
        鼓楼 venues, announced a month ahead; and one closure of 鼓楼全民健身中心 announced
        only two days ahead (it breaks the 7-day duty)."""
        festival = sorted(
            self.env["sports.holiday"]
            .search([("date", ">=", first), ("date", "<=", today)])
            .filtered(lambda h: h.date.month in (1, 2) and h.date.day > 1)
            .mapped("date")
        )
        Leave = self.env["resource.calendar.leaves"]
        ref = self.env.ref
        calendars = ref("sports_regulatory.calendar_gulou_daily") | ref(
            "sports_regulatory.calendar_gulou_no_monday"
        )
        vals = []
        venue = ref("sports_regulatory.venue_gulou_fit")
        if festival:
            # The three days up to New Year's Eve: the public holidays stay open (8 h).
            eve = festival[0] - timedelta(days=1)
            start = venue._day_bounds(eve - timedelta(days=2))[0]
            for calendar in calendars:
                vals.append(
                    {
                        "name": self.env._("Spring Festival closure"),
                        "calendar_id": calendar.id,
                        "company_id": calendar.company_id.id,
                        "date_from": start,
                        "date_to": start + timedelta(days=3) - timedelta(seconds=1),
                        "time_type": "leave",
                        "sports_announced_on": eve - timedelta(days=32),
                    }
                )
        late = today - timedelta(days=120)
        start = venue._day_bounds(late)[0]
        vals.append(
            {
                "name": self.env._("Pipe repair"),
                "calendar_id": ref("sports_regulatory.calendar_gulou_no_monday").id,
                "company_id": venue.company_id.id,
                "date_from": start,
                "date_to": start + timedelta(days=1) - timedelta(seconds=1),
                "time_type": "leave",
                "sports_announced_on": late - timedelta(days=2),
            }
        )
        Leave.create(vals)

    # ------------------------------------------------------------------ statistics

    @api.model
    def _demo_statistics(self, first, yesterday):
        """The statistics, compliance and waste alerts of the generated days."""
        Stat = self.env["sports.venue.stat"]
        Compliance = self.env["sports.compliance"]
        # The computations are another part's (STATS, RULES): until they are merged, the
        # demo has its sources only.
        if not hasattr(Stat, "_compute_days") or not hasattr(Compliance, "_compute_years"):
            _logger.warning("Regulatory demo: no statistics computation yet, sources only")
            self.env["sports.waste.alert"]._detect_days(yesterday - timedelta(days=14), yesterday)
            return
        step = time.monotonic()
        Stat._compute_days(first, yesterday)
        _logger.info("Regulatory demo: statistics in %.1f s", time.monotonic() - step)
        step = time.monotonic()
        # Only years the history covers from January: a year of which the demo holds
        # a month would show every duty missed.
        years = {yesterday.year} | ({first.year} if (first.month, first.day) == (1, 1) else set())
        for year in sorted(years):
            Compliance._compute_years(year)
        _logger.info("Regulatory demo: compliance in %.1f s", time.monotonic() - step)
        self.env["sports.waste.alert"]._detect_days(yesterday - timedelta(days=14), yesterday)
