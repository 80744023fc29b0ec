import uuid
from datetime import date, datetime, timedelta

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

# 2026-03-10 in Shanghai is 2026-03-09 16:00 to 2026-03-10 16:00 UTC.
DAY = date(2026, 3, 10)
UTC = datetime(2026, 3, 10, 2, 0)  # 10:00 local


@tagged("post_install", "-at_install")
class TestDashWaste(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.venue = env["sports.venue"].create(
            {"name": "Waste Arena", "code": "TWASTE", "tz": "Asia/Shanghai"}
        )
        Area = env["sports.area"]
        cls.hall = Area.create({"name": "Hall", "venue_id": cls.venue.id})
        cls.pool = Area.create({"name": "Pool", "venue_id": cls.venue.id})
        Space = env["sports.space"]
        cls.court_a = Space.create(
            {"name": "Court A", "venue_id": cls.venue.id, "area_id": cls.hall.id}
        )
        cls.court_b = Space.create(
            {"name": "Court B", "venue_id": cls.venue.id, "area_id": cls.hall.id}
        )
        Device = env["sports.device"]
        common = {"venue_id": cls.venue.id, "transport": "mqtt"}
        cls.light_a = Device.create(
            {
                **common,
                "name": "Light A",
                "identifier": "wl-a",
                "kind": "light",
                "space_id": cls.court_a.id,
                "area_id": cls.hall.id,
            }
        )
        cls.light_b = Device.create(
            {
                **common,
                "name": "Light B",
                "identifier": "wl-b",
                "kind": "light",
                "space_id": cls.court_b.id,
                "area_id": cls.hall.id,
            }
        )
        cls.shower = Device.create(
            {
                **common,
                "name": "Showers",
                "identifier": "wl-s",
                "kind": "shower",
                "area_id": cls.pool.id,
            }
        )
        cls.counter = Device.create(
            {
                **common,
                "name": "Hall counter",
                "identifier": "wl-c",
                "kind": "counter",
                "area_id": cls.hall.id,
            }
        )
        cls.booking = env["sports.booking"].create(
            {
                "space_id": cls.court_a.id,
                "partner_id": env["res.partner"].create({"name": "Wang Fang"}).id,
                "start_at": UTC,
                "end_at": UTC + timedelta(minutes=30),
            }
        )

        def power(device, values, start):
            """A reading every 5 minutes from ``start``, one per value."""
            return [
                cls.row(device, "power_kw", value, start + timedelta(minutes=5 * n))
                for n, value in enumerate(values)
            ]

        rows = []
        # Court A: on from 10:00 to 11:00 local; booked only until 10:30; off after that,
        # then on again for 10 minutes only (too short).
        rows += power(cls.light_a, [2.0] * 13 + [0.0] * 10 + [2.0] * 2 + [0.0] * 3, UTC)
        # Court B: on for an hour with nobody booked, but the hall's counter saw people.
        rows += power(cls.light_b, [1.5] * 13, UTC + timedelta(hours=3))
        rows.append(cls.row(cls.counter, "occupancy", 3, UTC + timedelta(hours=3, minutes=10)))
        # Pool showers: water running for 20 minutes in an empty area.
        rows += [
            cls.row(cls.shower, "water_m3", value, UTC + timedelta(hours=5, minutes=5 * n))
            for n, value in enumerate([0.0, 0.05, 0.05, 0.05, 0.05, 0.0])
        ]
        env["sports.device.reading"]._insert_rows(rows)
        cls.Alert = env["sports.waste.alert"]

    @classmethod
    def row(cls, device, metric, value, at):
        return {
            "uuid": str(uuid.uuid4()),
            "device_id": device.id,
            "venue_id": cls.venue.id,
            "company_id": cls.venue.company_id.id,
            "metric": metric,
            "value": value,
            "measured_at": at,
        }

    def test_lights_in_an_empty_unbooked_space_raise_one_alert_with_the_wasted_energy(self):
        alerts = self.Alert._detect_days(DAY, DAY, venues=self.venue)
        light = alerts.filtered(lambda a: a.kind == "light")
        self.assertEqual(light.space_id, self.court_a, "court B had people in the hall")
        self.assertEqual(len(light), 1, "the 10-minute stretch is not waste")
        self.assertEqual(light.start, UTC + timedelta(minutes=30), "the booking ended at 10:30")
        self.assertEqual(light.stop, UTC + timedelta(minutes=60))
        self.assertEqual(light.duration_minutes, 30)
        # 2 kW for half an hour.
        self.assertAlmostEqual(light.energy_kwh, 1.0, places=3)
        self.assertEqual(light.state, "new")

    def test_water_running_in_an_empty_area_is_waste(self):
        alerts = self.Alert._detect_days(DAY, DAY, venues=self.venue)
        water = alerts.filtered(lambda a: a.kind == "water")
        self.assertEqual(len(water), 1)
        self.assertEqual(water.area_id, self.pool)
        self.assertFalse(water.space_id)
        self.assertEqual(water.duration_minutes, 20)
        self.assertAlmostEqual(water.water_m3, 0.2, places=3)

    def test_recomputing_finds_the_same_alerts_and_keeps_them_handled(self):
        first = self.Alert._detect_days(DAY, DAY, venues=self.venue)
        manager = new_test_user(
            self.env,
            login="waste_manager",
            groups="sports_venue.group_arena_manager",
            company_id=self.venue.company_id.id,
        )
        first.with_user(manager).action_mark_handled()
        again = self.Alert._detect_days(DAY, DAY, venues=self.venue)
        self.assertEqual(again, first)
        self.assertEqual(self.Alert.search_count([("venue_id", "=", self.venue.id)]), len(first))
        self.assertEqual(set(again.mapped("state")), {"done"})
        self.assertEqual(again.handled_by_id, manager)

    def test_a_day_without_readings_raises_nothing(self):
        self.assertFalse(
            self.Alert._detect_days(
                DAY - timedelta(days=3), DAY - timedelta(days=1), venues=self.venue
            )
        )

    def test_a_bureau_user_cannot_mark_alerts_handled(self):
        alerts = self.Alert._detect_days(DAY, DAY, venues=self.venue)
        bureau = new_test_user(
            self.env, login="waste_bureau", groups="sports_venue.group_sports_bureau"
        )
        with self.assertRaises(AccessError):
            alerts.with_user(bureau).action_mark_handled()
        self.assertEqual(set(alerts.mapped("state")), {"new"})
