from odoo import api, models


class SportsAccessEvent(models.Model):
    _inherit = "sports.access.event"

    @api.model
    def _record(self, passages, consume):
        """The first granted entry on an event pass marks its registration attended, from
        an online decision or an uploaded offline event alike. Only newly written events
        come back from ``_record`` and only registered (not yet attended) registrations
        move: a re-uploaded event changes nothing."""
        events = super()._record(passages, consume)
        events._sports_attend_registrations()
        return events

    def _sports_attend_registrations(self):
        # sudo: the gate's granted passage marks the attendee; the proxy or the member at
        # the gate has no right to write registrations, and the passage was decided.
        entries = self.filtered(
            lambda e: (
                e.decision == "granted"
                and e.direction == "in"
                and e.entitlement_id.event_registration_id
            )
        ).sudo()
        registrations = entries.entitlement_id.event_registration_id.filtered(
            lambda r: r.state == "open"
        )
        if registrations:
            registrations.action_set_done()
