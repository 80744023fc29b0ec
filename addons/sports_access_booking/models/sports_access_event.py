from odoo import api, models


class SportsAccessEvent(models.Model):
    _inherit = "sports.access.event"

    @api.model
    def _record(self, passages, consume):
        """The first granted entry on a booking pass checks the booking in, and a granted
        exit through a point configured as checkout checks it out, from an online decision
        or an uploaded offline event alike. Only newly written events come back from
        ``_record``, and each step needs the state before it: a re-uploaded event changes
        nothing."""
        events = super()._record(passages, consume)
        events._check_in_bookings()
        events._check_out_bookings()
        return events

    def _booking_passages(self, direction):
        # sudo: the gate's passage moves the member's booking on; the proxy or member at
        # the gate has no right to write bookings, and the passage was already decided.
        return (
            self.filtered(
                lambda e: (
                    e.decision == "granted"
                    and e.direction == direction
                    and e.entitlement_id.booking_id
                )
            )
            .sudo()
            .sorted("device_time")
        )

    def _check_in_bookings(self):
        entries = self._booking_passages("in")
        bookings = entries.entitlement_id.booking_id.filtered(lambda b: b.state == "confirmed")
        for booking in bookings:
            first = entries.filtered(lambda e, b=booking: e.entitlement_id.booking_id == b)[:1]
            booking._set_state({"state": "checked_in", "checked_in_at": first.device_time})

    def _check_out_bookings(self):
        exits = self._booking_passages("out").filtered(lambda e: e.point_id.booking_checkout)
        bookings = exits.entitlement_id.booking_id.filtered(lambda b: b.state == "checked_in")
        for booking in bookings:
            first = exits.filtered(
                lambda e, b=booking: (
                    e.entitlement_id.booking_id == b and e.device_time >= b.checked_in_at
                )
            )[:1]
            if first:
                booking._set_state({"state": "done", "checked_out_at": first.device_time})
