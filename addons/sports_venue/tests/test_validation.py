from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.sports_venue.models.sports_venue import DEFAULT_TZ
from odoo.addons.sports_venue.tools import normalize_cn_phone

from .common import ArenaVenueCase


@tagged("post_install", "-at_install")
class TestPhoneValidation(ArenaVenueCase):
    def test_mobile_and_landline_are_normalised_to_e164(self):
        self.assertEqual(normalize_cn_phone(self.env, "138 0013 8000"), "+8613800138000")
        self.assertEqual(normalize_cn_phone(self.env, "+86 138-0013-8000"), "+8613800138000")
        self.assertEqual(normalize_cn_phone(self.env, "025 8445 6789"), "+862584456789")
        self.assertFalse(normalize_cn_phone(self.env, "  "))

    def test_venue_phone_is_stored_normalised(self):
        self.venue_a.phone = "13912345678"
        self.assertEqual(self.venue_a.phone, "+8613912345678")

    def test_invalid_phones_are_rejected_with_a_message(self):
        for bad in ("12345", "1380013800", "abc", "+86 999 9999 9999", "+1 202 555 01"):
            with self.subTest(phone=bad), self.assertRaisesRegex(ValidationError, "phone number"):
                self.venue_a.phone = bad
        self.assertFalse(self.venue_a.phone)


@tagged("post_install", "-at_install")
class TestRegionValidation(ArenaVenueCase):
    def test_region_codes_are_loaded_with_hierarchy(self):
        self.assertEqual(self.r_district_a.name, "\u7384\u6b66\u533a")  # Xuanwu District
        self.assertEqual(self.r_district_a.parent_id, self.r_city)
        self.assertEqual(self.r_city.parent_id, self.r_province)
        self.assertGreater(
            self.env["sports.region"].search_count([("level", "=", "district")]), 2500
        )

    @mute_logger("odoo.sql_db")
    def test_region_code_must_have_six_digits(self):
        for bad in ("32010", "3201020", "32A102", "020102"):
            with self.subTest(code=bad), self.assertRaises(IntegrityError), self.cr.savepoint():
                self.env["sports.region"].create({"code": bad, "name": "x", "level": "district"})

    def test_bureau_region_must_match_its_level(self):
        with self.assertRaisesRegex(ValidationError, "region code must be a"):
            self.district_a.region_id = self.r_city

    def test_region_must_lie_within_parent_bureau_region(self):
        other_city = self.env["sports.region"].search([("code", "=", "320200")])  # Wuxi
        with self.assertRaisesRegex(ValidationError, "outside"):
            self.env["res.company"].create(
                {
                    "name": "Misplaced District",
                    "arena_role": "district",
                    "bureau_parent_id": self.city.id,
                    "region_id": self.env["sports.region"]
                    .search([("parent_id", "=", other_city.id)], limit=1)
                    .id,
                }
            )

    def test_venue_region_must_be_inside_its_district(self):
        with self.assertRaisesRegex(ValidationError, "outside"):
            self.venue_a.region_id = self.r_district_b
        with self.assertRaisesRegex(ValidationError, "not a whole"):
            self.venue_a.region_id = self.r_province


@tagged("post_install", "-at_install")
class TestHierarchyValidation(ArenaVenueCase):
    def test_parent_must_be_next_bureau_up(self):
        with self.assertRaisesRegex(ValidationError, "supervising bureau must be"):
            self.env["res.company"].create(
                {
                    "name": "Skip",
                    "arena_role": "district",
                    "bureau_parent_id": self.province.id,
                }
            )
        with self.assertRaisesRegex(ValidationError, "supervising bureau must be"):
            self.env["res.company"].create(
                {
                    "name": "Op under city",
                    "arena_role": "operator",
                    "bureau_parent_id": self.city.id,
                }
            )

    def test_national_bureau_has_no_parent(self):
        with self.assertRaisesRegex(ValidationError, "national bureau"):
            self.national.bureau_parent_id = self.province

    def test_operator_cannot_be_a_supervisor(self):
        with self.assertRaises(ValidationError):
            self.env["res.company"].create(
                {
                    "name": "Under operator",
                    "arena_role": "operator",
                    "bureau_parent_id": self.operator_a.id,
                }
            )


@tagged("post_install", "-at_install")
class TestVenueAndDeviceValidation(ArenaVenueCase):
    def test_venue_code_is_uppercased_and_checked(self):
        venue = self.env["sports.venue"].create(
            {"name": "Lower", "code": " pool1 ", "company_id": self.operator_a.id}
        )
        self.assertEqual(venue.code, "POOL1")
        with self.assertRaisesRegex(ValidationError, "Venue code"):
            self.env["sports.venue"].create(
                {"name": "Bad", "code": "HAS SPACE", "company_id": self.operator_a.id}
            )

    def test_venue_defaults_to_shanghai_time(self):
        self.assertEqual(self.venue_a.tz, DEFAULT_TZ)

    def test_device_topic_and_identifier(self):
        gate = self.env["sports.device"].create(
            {"name": "Gate", "identifier": "gate-01", "kind": "gate", "venue_id": self.venue_a.id}
        )
        self.assertEqual(gate.mqtt_topic, "arena/VA/gate-01")
        with self.assertRaisesRegex(ValidationError, "identifier"):
            self.env["sports.device"].create(
                {
                    "name": "Bad",
                    "identifier": "Gate 01",
                    "kind": "gate",
                    "venue_id": self.venue_a.id,
                }
            )
        with self.assertRaisesRegex(ValidationError, "serial port"):
            self.env["sports.device"].create(
                {
                    "name": "Reader",
                    "identifier": "reader-01",
                    "kind": "reader",
                    "venue_id": self.venue_a.id,
                    "transport": "serial",
                }
            )

    def test_device_identifier_reserved_for_the_proxy_is_refused(self):
        # The proxy publishes its own state under arena/<venue>/proxy; its config refuses
        # a device named so, and Odoo must too, or the synced registry would not load.
        with self.assertRaisesRegex(ValidationError, "reserved"):
            self.env["sports.device"].create(
                {
                    "name": "Proxy",
                    "identifier": "proxy",
                    "kind": "gate",
                    "venue_id": self.venue_a.id,
                }
            )

    @mute_logger("odoo.sql_db")
    def test_device_identifier_unique_per_venue(self):
        vals = {"name": "Gate", "identifier": "gate-x", "kind": "gate"}
        self.env["sports.device"].create({**vals, "venue_id": self.venue_a.id})
        self.env["sports.device"].create({**vals, "venue_id": self.venue_b.id})
        with self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["sports.device"].create({**vals, "venue_id": self.venue_a.id})

    def test_device_space_of_another_venue_is_rejected(self):
        space_b = self._space("B court", venue=self.venue_b)
        with self.assertRaisesRegex(ValidationError, "space of device"):
            self.env["sports.device"].create(
                {
                    "name": "Light",
                    "identifier": "light-1",
                    "kind": "light",
                    "venue_id": self.venue_a.id,
                    "space_id": space_b.id,
                }
            )
