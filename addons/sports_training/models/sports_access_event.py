from odoo import api, models


class SportsAccessEvent(models.Model):
    _inherit = "sports.access.event"

    @api.model
    def _record(self, passages, consume):
        """The first granted entry on a training pass marks its seat present (source gate,
        checked at the device's time), from an online decision or an uploaded offline
        event alike. Only newly written events come back from ``_record``, and only an
        expected seat is marked: a re-uploaded event changes nothing."""
        events = super()._record(passages, consume)
        events._mark_training_seats()
        return events

    def _mark_training_seats(self):
        # sudo: the gate's passage marks the attendee's seat; the proxy or member at the
        # gate has no right to write seats, and the passage was already decided.
        entries = (
            self.filtered(
                lambda e: (
                    e.decision == "granted"
                    and e.direction == "in"
                    and e.entitlement_id.training_attendance_id
                )
            )
            .sudo()
            .sorted("device_time")
        )
        seats = entries.entitlement_id.training_attendance_id.filtered(
            lambda seat: seat.state == "expected"
        )
        for seat in seats:
            first = entries.filtered(
                lambda e, s=seat: e.entitlement_id.training_attendance_id == s
            )[:1]
            seat._set_mark("present", "gate", first.device_time)
