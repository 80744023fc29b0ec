from odoo import api, fields, models

from .sports_access_entitlement import BOOKING_LEAD

# Booking states in which the booking opens its area.
OPEN_STATES = ("confirmed", "checked_in", "done")
# States in which its QR is revoked.
CLOSED_STATES = ("cancelled", "expired", "no_show")


class SportsBooking(models.Model):
    _inherit = "sports.booking"

    @api.model_create_multi
    def create(self, vals_list):
        bookings = super().create(vals_list)
        bookings._access_sync()
        return bookings

    def write(self, vals):
        result = super().write(vals)
        if {"state", "start_at", "end_at", "space_id", "partner_id"} & set(vals):
            self._access_sync()
        return result

    def action_cancel(self):
        # The base cancellation writes the state past write(): sync the passes here.
        result = super().action_cancel()
        self._access_sync()
        return result

    @api.model
    def _cron_expire_and_no_show(self):
        # A booking whose pass was granted an entry is not a no-show, even when its
        # check-in was missed (an entry recorded before this module checked bookings in).
        self._check_in_entered(fields.Datetime.now())
        return super()._cron_expire_and_no_show()

    @api.model
    def _check_in_entered(self, now):
        """Check in the started, still confirmed bookings whose pass has a granted entry."""
        started = self.search(
            [("state", "=", "confirmed"), ("kind", "=", "booking"), ("start_at", "<", now)]
        )
        if not started:
            return
        # sudo: the cron reads the access log, which only the access managers may read.
        entries = (
            self.env["sports.access.event"]
            .sudo()
            .search(
                [
                    ("entitlement_id.booking_id", "in", started.ids),
                    ("decision", "=", "granted"),
                    ("direction", "=", "in"),
                ]
            )
        )
        entries._check_in_bookings()

    def _access_vals(self):
        self.ensure_one()
        return {
            "name": self.name,
            "kind": "booking",
            "booking_id": self.id,
            "company_id": self.company_id.id,
            "partner_id": self.partner_id.id,
            "venue_ids": [(6, 0, self.venue_id.ids)],
            "area_ids": [(6, 0, self.space_id.area_id.ids)],
            "valid_from": self.start_at - BOOKING_LEAD,
            "valid_to": self.end_at,
            "counted": False,
            "opening_hours": False,
        }

    def _access_sync(self):
        """Open the booked area to the booking's QR while it is confirmed."""
        # sudo: a booking's gate pass follows its confirmation or cancellation, done by
        # the customer's payment or by staff.
        bookings = self.sudo().filtered(lambda b: b.kind == "booking")
        if not bookings:
            return
        Entitlement = self.env["sports.access.entitlement"].sudo()
        existing = Entitlement.search([("booking_id", "in", bookings.ids)])
        by_booking = {entitlement.booking_id: entitlement for entitlement in existing}
        for booking in bookings:
            entitlement = by_booking.get(booking)
            if booking.state in OPEN_STATES:
                vals = booking._access_vals()
                if not entitlement:
                    Entitlement._issue([vals])
                elif entitlement.state == "active":
                    moved = (entitlement.valid_from, entitlement.valid_to) != (
                        vals["valid_from"],
                        vals["valid_to"],
                    )
                    entitlement.write(
                        {k: v for k, v in vals.items() if k not in ("kind", "booking_id")}
                    )
                    if moved:
                        # The QR carries its validity: a moved booking gets a new one.
                        entitlement.credential_ids.filtered(lambda c: c.kind == "qr")._revoke(
                            "moved"
                        )
                        entitlement._issue_qr()
            elif booking.state in CLOSED_STATES and entitlement:
                entitlement._revoke(booking.state)
