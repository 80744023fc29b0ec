from odoo import api, models


class SportsAccessEvent(models.Model):
    _inherit = "sports.access.event"

    @api.model
    def _record(self, passages, consume):
        """The first granted entry on a booking pass checks the booking in, from an online
        decision or an uploaded offline event alike. Only newly written events come back
        from ``_record``, and only a confirmed booking is checked in: a re-uploaded event
        changes nothing."""
        events = super()._record(passages, consume)
        events._check_in_bookings()
        return events

    def _check_in_bookings(self):
        entries = self.filtered(
            lambda e: e.decision == "granted" and e.direction == "in" and e.entitlement_id
        )
        if not entries:
            return
        # sudo: the gate's entry checks the member's booking in; the proxy or member at
        # the gate has no right to write bookings, and the entry was already decided.
        entries = entries.sudo()
        bookings = entries.entitlement_id.booking_id.filtered(lambda b: b.state == "confirmed")
        for booking in bookings:
            first = min(
                entries.filtered(lambda e, b=booking: e.entitlement_id.booking_id == b).mapped(
                    "device_time"
                )
            )
            booking._set_state({"state": "checked_in", "checked_in_at": first})
