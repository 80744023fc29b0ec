from datetime import timedelta

from odoo import fields
from odoo.fields import Command

from odoo.addons.sports_booking.tests.common import BookingCase


class RedeemCase(BookingCase):
    """A running campaign of a city bureau (¥15 off ¥50, ¥30 off ¥100 and a ¥100 group
    voucher off ¥100) in which the booking fixture's venue takes part, and vouchers of
    the customer made directly (claiming is another part's)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bureau = cls.env["res.company"].create(
            {"name": "Test City Sports Bureau", "arena_role": "city"}
        )
        today = fields.Date.context_today(cls.env.user)
        cls.campaign = cls.env["sports.voucher.campaign"].create(
            {
                "name": "Test Campaign",
                "company_id": cls.bureau.id,
                "date_start": today - timedelta(days=10),
                "date_end": today + timedelta(days=30),
                "budget": 100000,
                "limit_uses_day": 0,
                "denomination_ids": [
                    Command.create({"face_value": 15, "threshold": 50}),
                    Command.create({"face_value": 30, "threshold": 100}),
                    Command.create({"face_value": 100, "threshold": 100, "is_group": True}),
                ],
            }
        )
        cls.d15, cls.d30, cls.dgroup = cls.campaign.denomination_ids.sorted("face_value")
        cls.campaign.action_start()
        cls.batches = cls.env["sports.voucher.batch"].create(
            [
                {
                    "campaign_id": cls.campaign.id,
                    "denomination_id": d.id,
                    "release_at": fields.Datetime.now() - timedelta(days=1),
                    "quantity": 100,
                }
                for d in (cls.d15, cls.d30, cls.dgroup)
            ]
        )
        cls.participation = cls.env["sports.voucher.campaign.venue"].create(
            {"campaign_id": cls.campaign.id, "venue_id": cls.venue.id, "state": "approved"}
        )
        cls.Voucher = cls.env["sports.voucher"]

    @classmethod
    def voucher(cls, denomination=None, partner=None, **vals):
        denomination = denomination or cls.d15
        batch = cls.batches.filtered(lambda b: b.denomination_id == denomination)
        return cls.env["sports.voucher"].create(
            {
                "campaign_id": cls.campaign.id,
                "batch_id": batch.id,
                "denomination_id": denomination.id,
                "partner_id": (partner or cls.customer).id,
                "face_value": denomination.face_value,
                "threshold": denomination.threshold,
                "is_group": denomination.is_group,
                "expires_at": fields.Datetime.now() + timedelta(days=7),
                **vals,
            }
        )

    def line(self, amount, booking=None, sport=None, categ=None, whole_court=None, start=None):
        """A line as the engine reads it; a booking gives its start and court."""
        if booking and whole_court is None:
            whole_court = not booking.space_id.composite_ids
        return {
            "amount": amount,
            "sport_id": (sport or self.basketball).id if sport is not False else False,
            "categ_id": categ.id if categ else False,
            "booking_id": booking.id if booking else False,
            "whole_court": bool(whole_court),
            "start": start or (booking.start_at if booking else False),
        }
