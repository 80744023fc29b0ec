from datetime import datetime, time, timedelta

from odoo import api, fields, models

DEMO_PASS_XMLID = "sports_access_booking.booking_demo_member_pass"


class SportsBookingDemo(models.AbstractModel):
    _inherit = "sports.booking.demo"

    @api.model
    def _create_member_pass(self, partner_id, area_id):
        """An upcoming confirmed booking of the demo portal member on a court of
        ``area_id`` tomorrow, in the first free evening or day hour, so that the member
        sees its QR on the portal. Named ``booking_demo_member_pass``."""
        if self.env.ref(DEMO_PASS_XMLID, raise_if_not_found=False):
            return
        partner = self.env["res.partner"].browse(partner_id)
        courts = self.env["sports.space"].search(
            [("area_id", "=", area_id), ("bookable", "=", True)], order="sequence, id"
        )
        Booking = self.env["sports.booking"]
        for court in courts:
            venue = court.venue_id
            day = venue._local_date(fields.Datetime.now()) + timedelta(days=1)
            for hour in (*range(18, 21), *range(8, 18)):
                start = venue._to_utc(datetime.combine(day, time(hour)))
                end = start + timedelta(hours=1)
                if Booking._find_clashes(court, start, end):
                    continue
                # sudo: demo data is trusted server code; the pass comes with the booking
                # and, for demo data, without a mail.
                booking = (
                    Booking.sudo()
                    .with_context(
                        tracking_disable=True, mail_create_nolog=True, sports_pass_no_mail=True
                    )
                    .create(
                        {
                            "space_id": court.id,
                            "start_at": start,
                            "end_at": end,
                            "partner_id": partner.id,
                            "channel": "portal",
                            "state": "confirmed",
                            "amount_total": self.env["sports.price.rule"]._compute_price(
                                court, start, end, partner
                            ),
                        }
                    )
                )
                self.env["ir.model.data"]._update_xmlids(
                    [{"xml_id": DEMO_PASS_XMLID, "record": booking, "noupdate": True}]
                )
                return
