"""Hourly flow and daily statistics, with expectations worked out by hand.

The venue (Shanghai, open 08:00-20:00, so 12 h a day) has three areas:

- the hall: gate-counted, indoor, an entry price of 20 (not free), gate ``gate-1``;
- the plaza: gate-counted, outdoor, core free, no price; its gate ``gate-2`` has no area
  of its own (its flow goes to the point's area);
- the track: counter-counted, outdoor, core free, no price; counter ``counter-1``, and an
  access point ``track-in`` whose events must not count (the counter counts the track).

On DAY (local times):

====== ========================================== =========================
person events                                     entitlement
====== ========================================== =========================
p1     hall in 09:00, out 09:30, in 10:00,         student, free
       in 10:59:59
p2     plaza in 10:00:00, out 11:00:00             senior, low-fee
p3     hall in 10:30; a denied entry at 10:31       standard
p4     track-in 10:15 (counter zone: not counted)  none
====== ========================================== =========================

Counter ``counter-1`` (track): in 5 at 10:10, in 3 at 10:50, out 4 at 11:20. Counter
``counter-9`` has no area: 7 in, skipped. Meter ``meter-1`` (hall): 10 kWh at 09:00 and
5 kWh at 15:00; meter ``meter-0`` (no area): 2 kWh.
"""

import uuid
from datetime import date, datetime, timedelta

import pytz

from odoo.fields import Command
from odoo.tests import TransactionCase, tagged

from odoo.addons.sports_venue.tests.common import open_every_day

SHANGHAI = pytz.timezone("Asia/Shanghai")
DAY = date(2026, 6, 10)


def at(text, tz=SHANGHAI):
    """Naive UTC of a local wall-clock text."""
    return tz.localize(datetime.fromisoformat(text)).astimezone(pytz.utc).replace(tzinfo=None)


class StatsCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The main company's bureau covers Xuanwu district (320102), so the venue lies there.
        cls.district = cls.env["sports.region"].search([("code", "=", "320102")])
        cls.city = cls.district.parent_id
        cls.province = cls.city.parent_id
        cls.venue = cls.env["sports.venue"].create(
            {
                "name": "Stats Arena",
                "code": "TSTAT",
                "tz": "Asia/Shanghai",
                "region_id": cls.district.id,
                "resource_calendar_id": open_every_day(cls.env, "Stats 08-20", 8, 20).id,
            }
        )
        Area = cls.env["sports.area"]
        cls.hall, cls.plaza, cls.track = Area.create(
            [
                {"name": "Hall", "venue_id": cls.venue.id, "entry_price": 20.0},
                {
                    "name": "Plaza",
                    "venue_id": cls.venue.id,
                    "environment": "outdoor",
                    "is_core_free_area": True,
                },
                {
                    "name": "Track",
                    "venue_id": cls.venue.id,
                    "environment": "outdoor",
                    "is_core_free_area": True,
                    "flow_counting": "counter",
                },
            ]
        )
        Device = cls.env["sports.device"]

        def device(identifier, kind, area=None):
            return {
                "name": identifier,
                "identifier": identifier,
                "kind": kind,
                "venue_id": cls.venue.id,
                "area_id": area.id if area else False,
            }

        cls.gate1, cls.gate2, cls.counter1, cls.counter9, cls.meter1, cls.meter0 = Device.create(
            [
                device("gate-1", "gate", cls.hall),
                device("gate-2", "gate"),
                device("counter-1", "counter", cls.track),
                device("counter-9", "counter"),
                device("meter-1", "energy", cls.hall),
                device("meter-0", "energy"),
            ]
        )
        Point = cls.env["sports.access.point"]
        cls.hall_in, cls.hall_out, cls.plaza_gate, cls.track_in = Point.create(
            [
                {
                    "name": "hall-in",
                    "code": "hall-in",
                    "area_id": cls.hall.id,
                    "direction": "in",
                    "gate_device_id": cls.gate1.id,
                },
                {
                    "name": "hall-out",
                    "code": "hall-out",
                    "area_id": cls.hall.id,
                    "direction": "out",
                    "gate_device_id": cls.gate1.id,
                },
                {
                    "name": "plaza",
                    "code": "plaza",
                    "area_id": cls.plaza.id,
                    "direction": "both",
                    "gate_device_id": cls.gate2.id,
                },
                {
                    "name": "track-in",
                    "code": "track-in",
                    "area_id": cls.track.id,
                    "direction": "in",
                },
            ]
        )
        TicketType = cls.env["sports.ticket.type"]
        cls.student_type, cls.senior_type, cls.standard_type = TicketType.create(
            [
                {
                    "name": "Student free",
                    "venue_id": cls.venue.id,
                    "price": 0.0,
                    "sports_audience": "student",
                    "sports_fee_level": "free",
                },
                {
                    "name": "Senior low",
                    "venue_id": cls.venue.id,
                    "price": 5.0,
                    "sports_audience": "senior",
                    "sports_fee_level": "low",
                },
                {"name": "Standard", "venue_id": cls.venue.id, "price": 30.0},
            ]
        )
        Partner = cls.env["res.partner"]
        cls.people = Partner.create([{"name": f"Visitor {n}"} for n in range(1, 5)])
        Entitlement = cls.env["sports.access.entitlement"]
        cls.tickets = Entitlement._issue(
            [
                ticket_type._entitlement_vals(person, at(f"{DAY} 08:00"))
                for ticket_type, person in zip(
                    cls.student_type | cls.senior_type | cls.standard_type, cls.people, strict=False
                )
            ],
            qr=False,
        )
        p1, p2, p3, p4 = cls.people
        t1, t2, t3 = cls.tickets
        cls.insert_events(
            [
                (cls.hall_in, p1, t1, "09:00:00", "in"),
                (cls.hall_out, p1, t1, "09:30:00", "out"),
                (cls.hall_in, p1, t1, "10:00:00", "in"),
                (cls.hall_in, p1, t1, "10:59:59", "in"),
                (cls.plaza_gate, p2, t2, "10:00:00", "in"),
                (cls.plaza_gate, p2, t2, "11:00:00", "out"),
                (cls.hall_in, p3, t3, "10:30:00", "in"),
                (cls.hall_in, p3, t3, "10:31:00", "in", "denied"),
                (cls.track_in, p4, None, "10:15:00", "in"),
            ]
        )
        cls.insert_readings(
            [
                (cls.counter1, "people_in", 5, "10:10:00"),
                (cls.counter1, "people_in", 3, "10:50:00"),
                (cls.counter1, "people_out", 4, "11:20:00"),
                (cls.counter9, "people_in", 7, "10:20:00"),
                (cls.meter1, "energy_kwh", 10, "09:00:00"),
                (cls.meter1, "energy_kwh", 5, "15:00:00"),
                (cls.meter0, "energy_kwh", 2, "12:00:00"),
            ]
        )
        cls.Stat = cls.env["sports.venue.stat"]
        cls.Hourly = cls.env["sports.flow.hourly"]
        cls.stat = cls.Stat._compute_days(DAY, DAY, cls.venue)

    @classmethod
    def event_row(cls, point, person, ticket, when, direction, decision="granted", day=DAY):
        return {
            "uuid": str(uuid.uuid4()),
            "point_id": point.id,
            "area_id": point.area_id.id,
            "venue_id": point.venue_id.id,
            "company_id": point.company_id.id,
            "entitlement_id": ticket.id if ticket else None,
            "partner_id": person.id,
            "person_key": f"p{person.id}",
            "direction": direction,
            "decision": decision,
            "reason": None if decision == "granted" else "expired",
            "device_time": at(f"{day} {when}", pytz.timezone(point.venue_id.tz)),
            "source": "offline",
        }

    @classmethod
    def insert_events(cls, events):
        rows = [cls.event_row(*event) for event in events]
        # sudo: nobody may create access events; tests write the log as the upload does.
        return cls.env["sports.access.event"].sudo()._insert_rows(rows)

    @classmethod
    def insert_readings(cls, readings, day=DAY):
        rows = [
            {
                "uuid": str(uuid.uuid4()),
                "device_id": device.id,
                "venue_id": device.venue_id.id,
                "company_id": device.company_id.id,
                "metric": metric,
                "value": float(value),
                "measured_at": at(f"{day} {when}", pytz.timezone(device.venue_id.tz)),
            }
            for device, metric, value, when in readings
        ]
        # sudo: nobody may create readings; tests write them as the upload does.
        return cls.env["sports.device.reading"].sudo()._insert_rows(rows)


@tagged("post_install", "-at_install")
class TestStatsCompute(StatsCase):
    def flows(self):
        rows = self.Hourly.search([("venue_id", "=", self.venue.id), ("date", "=", DAY)])
        return {
            (
                row.area_id.name,
                row.device_id.identifier or row.point_id.code,
                row.hour.hour,
                row.source,
            ): (row.entries, row.exits)
            for row in rows
        }

    def test_hourly_buckets_at_hour_boundaries(self):
        # Shanghai 09:00 is 01:00 UTC. 10:59:59 is in the 10 o'clock hour, 11:00:00 in the
        # next; denied events, the track's gate event and counter-9 are nowhere.
        self.assertEqual(
            self.flows(),
            {
                ("Hall", "gate-1", 1, "gate"): (1, 1),
                ("Hall", "gate-1", 2, "gate"): (3, 0),
                ("Plaza", "gate-2", 2, "gate"): (1, 0),
                ("Plaza", "gate-2", 3, "gate"): (0, 1),
                ("Track", "counter-1", 2, "counter"): (8, 0),
                ("Track", "counter-1", 3, "counter"): (0, 4),
            },
        )
        row = self.Hourly.search(
            [("venue_id", "=", self.venue.id), ("device_id", "=", self.counter1.id)], limit=1
        )
        self.assertEqual(
            (row.province_code, row.city_code, row.district_code, row.is_core_free_area),
            ("320000", "320100", "320102", True),
        )
        self.assertEqual(row.hour_end - row.hour, timedelta(hours=1))
        self.assertEqual(self.stat.province_id | self.stat.city_id, self.province | self.city)

    def test_counter_without_area_is_reported_not_raised(self):
        self.assertEqual(self.venue._sports_flow_unassigned_counters(), self.counter9)

    def test_a_point_without_gate_device_counts_under_the_point(self):
        point = self.env["sports.access.point"].create(
            {"name": "hall-side", "code": "hall-side", "area_id": self.hall.id}
        )
        self.insert_events([(point, self.people[3], None, "12:05:00", "in")])
        rows = self.Hourly._compute_hours(at(f"{DAY} 12:00"), at(f"{DAY} 13:00"), self.venue)
        self.assertEqual(len(rows), 1)
        self.assertEqual((rows.point_id, rows.device_id, rows.entries), (point, self.gate1[:0], 1))

    def test_unique_visitors_entries_and_peak(self):
        stat = self.stat
        self.assertEqual(len(stat), 1)
        # Entries: hall 4 (p1 three times, p3 once), plaza 1, track counter 8.
        self.assertEqual((stat.entries, stat.exits), (13, 6))
        # p1, p2, p3: p1's three entries count once; counters add no unique visitors.
        self.assertEqual(stat.unique_visitors, 3)
        # 09:00 +1, 09:30 -1, 10:00 +2, 10:10 +5, 10:30 +1, 10:50 +3, 10:59 +1 = 12.
        self.assertEqual(stat.peak_occupancy, 12)

    def test_audiences_and_fee_levels(self):
        stat = self.stat
        self.assertEqual(
            (
                stat.free_visitors,
                stat.low_fee_visitors,
                stat.student_visitors,
                stat.senior_visitors,
                stat.disabled_visitors,
            ),
            (1, 1, 1, 1, 0),
        )

    def test_public_benefit_hours_and_visitors(self):
        stat = self.stat
        self.assertEqual(stat.open_hours, 12.0)
        self.assertTrue(stat.is_open)
        self.assertEqual(stat.public_benefit_hours, 12.0)
        self.assertEqual(stat.outdoor_free_hours, 12.0)
        # Entries into core free areas: plaza 1 and track 8.
        self.assertEqual(stat.public_benefit_visitors, 9)
        areas = self.env["sports.area.stat"].search([("venue_id", "=", self.venue.id)])
        by_area = {
            a.area_id: (
                a.open_hours,
                a.free_hours,
                a.public_benefit_hours,
                a.entries,
                a.unique_visitors,
                a.energy_kwh,
            )
            for a in areas
        }
        self.assertEqual(
            by_area,
            {
                self.hall: (12.0, 0.0, 0.0, 4, 2, 15.0),
                self.plaza: (12.0, 12.0, 12.0, 1, 1, 0.0),
                self.track: (12.0, 12.0, 12.0, 8, 0, 0.0),
            },
        )

    def test_energy_per_day_and_visitor(self):
        self.assertAlmostEqual(self.stat.energy_kwh, 17.0)
        self.assertAlmostEqual(self.stat.energy_per_visitor, round(17.0 / 13, 3), places=3)

    def test_recompute_is_idempotent(self):
        before = self.stat.read(["entries", "unique_visitors", "peak_occupancy", "open_hours"])
        hourly_before = self.Hourly.search_count([("venue_id", "=", self.venue.id)])
        again = self.Stat._compute_days(DAY, DAY, self.venue)
        self.assertEqual(again, self.stat)
        self.assertEqual(
            again.read(["entries", "unique_visitors", "peak_occupancy", "open_hours"]), before
        )
        self.assertEqual(
            self.Hourly.search_count([("venue_id", "=", self.venue.id)]), hourly_before
        )
        self.assertEqual(
            self.env["sports.area.stat"].search_count([("venue_id", "=", self.venue.id)]), 3
        )

    def test_a_day_without_data_gets_zeros(self):
        empty = DAY + timedelta(days=20)
        stat = self.Stat._compute_days(empty, empty, self.venue)
        self.assertEqual(len(stat), 1)
        self.assertEqual(
            (
                stat.entries,
                stat.unique_visitors,
                stat.peak_occupancy,
                stat.revenue_total,
                stat.energy_kwh,
                stat.booking_count,
            ),
            (0, 0, 0, 0.0, 0.0, 0),
        )
        self.assertEqual(stat.open_hours, 12.0)

    def test_bad_ranges_are_refused_with_a_message(self):
        from odoo.exceptions import UserError

        with self.assertRaises(UserError):
            self.Stat._compute_days(DAY, DAY - timedelta(days=1), self.venue)
        with self.assertRaises(UserError):
            self.Stat._compute_days(DAY, DAY + timedelta(days=500), self.venue)

    def test_late_upload_recomputes_the_old_day(self):
        old = DAY - timedelta(days=3)
        stat = self.Stat._compute_days(old, old, self.venue)
        self.assertEqual(stat.entries, 0)
        # Uploaded three days late, through the one method that writes the log.
        self.env["sports.access.event"]._record(
            [self.event_row(self.hall_in, self.people[0], None, "15:00:00", "in", day=old)],
            consume=False,
        )
        self.assertTrue(stat.needs_recompute)
        self.Hourly._cron_compute_last_hour()
        self.assertEqual((stat.entries, stat.unique_visitors), (1, 1))
        self.assertFalse(stat.needs_recompute)

    def test_nightly_cron_computes_yesterday(self):
        self.Stat._cron_compute_nightly()
        yesterday = self.venue._local_date(datetime.utcnow()) - timedelta(days=1)
        self.assertEqual(
            self.Stat.search_count([("venue_id", "=", self.venue.id), ("date", "=", yesterday)]),
            1,
        )


@tagged("post_install", "-at_install")
class TestStatsBerlinDst(StatsCase):
    """Europe/Berlin leaves summer time on 25 October 2026 at 03:00 (back to 02:00): the
    day lasts 25 hours, and 02:30 happens twice."""

    def test_clock_change_day_has_25_hours(self):
        berlin = pytz.timezone("Europe/Berlin")
        calendar = self.env["resource.calendar"].create(
            {
                "name": "Berlin all day",
                "tz": "Europe/Berlin",
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"d{d}",
                            "dayofweek": str(d),
                            "hour_from": 0,
                            "hour_to": 24,
                            "day_period": "full_day",
                        }
                    )
                    for d in range(7)
                ],
            }
        )
        venue = self.env["sports.venue"].create(
            {
                "name": "Berlin Bad",
                "code": "TBER",
                "tz": "Europe/Berlin",
                "resource_calendar_id": calendar.id,
            }
        )
        area = self.env["sports.area"].create({"name": "Bad", "venue_id": venue.id})
        point = self.env["sports.access.point"].create(
            {"name": "bad-in", "code": "bad-in", "area_id": area.id}
        )
        day = date(2026, 10, 25)
        person = self.people[0]

        def row(utc):
            values = self.event_row(point, person, None, "12:00:00", "in", day=day)
            values["device_time"] = utc
            return values

        first = berlin.localize(datetime(2026, 10, 25, 2, 30), is_dst=True)
        second = berlin.localize(datetime(2026, 10, 25, 2, 30), is_dst=False)
        times = [
            first.astimezone(pytz.utc).replace(tzinfo=None),  # 00:30 UTC
            second.astimezone(pytz.utc).replace(tzinfo=None),  # 01:30 UTC
            at("2026-10-25 23:30:00", berlin),  # the day's last hour
            at("2026-10-26 00:10:00", berlin),  # the next day
            at("2026-10-24 23:50:00", berlin),  # the day before
        ]
        self.env["sports.access.event"].sudo()._insert_rows([row(t) for t in times])
        stats = self.Stat._compute_days(day - timedelta(days=1), day + timedelta(days=1), venue)
        by_day = {s.date: s for s in stats}
        self.assertEqual(by_day[day].open_hours, 25.0)
        self.assertEqual(by_day[day - timedelta(days=1)].open_hours, 24.0)
        self.assertEqual(
            [by_day[d].entries for d in sorted(by_day)], [1, 3, 1], "no hour lost or doubled"
        )
        self.assertEqual(by_day[day].unique_visitors, 1)
        hours = self.Hourly.search([("venue_id", "=", venue.id), ("date", "=", day)])
        self.assertEqual(len(hours), 3, "the two 02:30s are two different hours")
