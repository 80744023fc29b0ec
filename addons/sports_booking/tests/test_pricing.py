from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from odoo.tests import tagged

from .common import BookingCase

PEAK, OFF_PEAK, WEEKEND, HOLIDAY, MEMBER_DISCOUNT = 120.0, 80.0, 100.0, 150.0, 20.0


@tagged("post_install", "-at_install")
class TestPricing(BookingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Rule = cls.env["sports.price.rule"]
        cls.rule.active = False
        Rule.create(
            [
                {
                    "name": "Holiday",
                    "venue_id": cls.venue.id,
                    "day_kind": "holiday",
                    "price_per_hour": HOLIDAY,
                    "sequence": 1,
                },
                {
                    "name": "Member peak",
                    "venue_id": cls.venue.id,
                    "day_kind": "weekday",
                    "hour_from": 18,
                    "hour_to": 22,
                    "customer_tier": "member",
                    "price_per_hour": PEAK - MEMBER_DISCOUNT,
                    "sequence": 2,
                },
                {
                    "name": "Peak",
                    "venue_id": cls.venue.id,
                    "day_kind": "weekday",
                    "hour_from": 18,
                    "hour_to": 22,
                    "price_per_hour": PEAK,
                    "sequence": 3,
                },
                {
                    "name": "Weekend",
                    "venue_id": cls.venue.id,
                    "day_kind": "weekend",
                    "price_per_hour": WEEKEND,
                    "sequence": 4,
                },
                {
                    "name": "Off-peak",
                    "venue_id": cls.venue.id,
                    "day_kind": "all",
                    "price_per_hour": OFF_PEAK,
                    "sequence": 5,
                },
            ]
        )
        cls.holiday_offset = 5
        day = cls.venue._local_date(cls.local(cls.holiday_offset, 12))
        cls.env["sports.holiday"].create({"name": "Test holiday", "date": day})
        cls.member = cls.env["res.partner"].create({"name": "Member", "arena_member": True})

    @staticmethod
    def expected_hour_price(local_dt, member, holiday):
        """An oracle written independently of the rule engine."""
        if holiday:
            return HOLIDAY
        if local_dt.weekday() >= 5:
            return WEEKEND
        if 18 <= local_dt.hour < 22:
            return PEAK - MEMBER_DISCOUNT if member else PEAK
        return OFF_PEAK

    @settings(max_examples=60, deadline=None)
    @given(
        days=st.integers(min_value=1, max_value=13),
        hour=st.integers(min_value=6, max_value=21),
        hours=st.integers(min_value=1, max_value=4),
        member=st.booleans(),
    )
    def test_price_is_the_sum_of_hourly_band_prices(self, days, hour, hours, member):
        hours = min(hours, 22 - hour)
        start = self.local(days, hour)
        end = start + timedelta(hours=hours)
        partner = self.member if member else self.customer
        price = self.env["sports.price.rule"]._compute_price(self.court2, start, end, partner)
        expected = 0.0
        for h in range(hours):
            local = self.venue._localize(start + timedelta(hours=h)).replace(tzinfo=None)
            expected += self.expected_hour_price(local, member, days == self.holiday_offset)
        self.assertAlmostEqual(price, expected, places=2)

    def test_space_specific_rule_wins_by_sequence(self):
        self.env["sports.price.rule"].create(
            {
                "name": "Full court",
                "venue_id": self.venue.id,
                "space_ids": [(6, 0, self.full.ids)],
                "price_per_hour": 300,
                "sequence": 0,
            }
        )
        start = self.local(1, 10)
        Rule = self.env["sports.price.rule"]
        self.assertEqual(
            Rule._compute_price(self.full, start, start + timedelta(hours=1), self.customer), 300
        )
        self.assertNotEqual(
            Rule._compute_price(self.court2, start, start + timedelta(hours=1), self.customer), 300
        )

    def test_half_hour_grid_prices_each_slot(self):
        self.court2.write({"booking_slot_minutes": 30, "booking_min_minutes": 30})
        start = self.local(1, 17, 30)  # crosses into the peak band at 18:00 on weekdays
        price = self.env["sports.price.rule"]._compute_price(
            self.court2, start, start + timedelta(hours=1), self.customer
        )
        local = self.venue._localize(start).replace(tzinfo=None)
        if local.weekday() >= 5 or local.date() == self.venue._local_date(
            self.local(self.holiday_offset, 12)
        ):
            return
        self.assertEqual(price, OFF_PEAK / 2 + PEAK / 2)
