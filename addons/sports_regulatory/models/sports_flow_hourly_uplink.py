from odoo import api, fields, models


class SportsFlowHourly(models.Model):
    _inherit = "sports.flow.hourly"

    uplink_device_ref = fields.Char(
        string="Sender's Device ID",
        readonly=True,
        help="Receiving side: the gate or counter's id in the reporting Arena.",
    )

    @api.model
    def _compute_hours(self, start, stop, venues=None):
        """Leave out the venues that a subordinate's Arena reports here: their flow comes
        from the uplink, and recomputing them from our (empty) access log would erase it."""
        if venues is None:
            venues = self.env["sports.venue"].search([("uplink_connection_id", "=", False)])
        else:
            venues = venues.filtered(lambda venue: not venue.uplink_connection_id)
        return super()._compute_hours(start, stop, venues)

    @api.model
    def _sports_after_hours(self, start, stop, venues):
        """Queue the computed hours ``[start, stop)`` on the outbound connections of their
        venues (one hourly-flow message per venue and hour), and wake the sender: the
        5-minute cron computes the last hour and this sends it at once."""
        result = super()._sports_after_hours(start, stop, venues)
        self._sports_uplink_enqueue_hours(start, stop, venues)
        return result

    def _sports_uplink_enqueue_hours(self, start, stop, venues=None):
        domain = [("hour", ">=", start), ("hour", "<", stop), ("uplink_device_ref", "=", False)]
        if venues:
            domain.append(("venue_id", "in", venues.ids))
        # sudo: the outbox is system plumbing run after a computation, whoever started
        # it; the rows of every company go to their own company's connections.
        rows = self.sudo().search(domain)
        if not rows:
            return self.env["sports.uplink.message"]
        mapping = self.env["sports.uplink.mapping"]
        messages = self.env["sports.uplink.message"].sudo()
        queued = messages.browse()
        by_venue = self.env["sports.uplink.connection"]._outbound_for(rows.venue_id)
        for venue, hour, key, body in mapping._hourly_bodies(rows):
            for connection in by_venue[venue]:
                # The registration goes first (unchanged, it stays as it is).
                queued |= messages._enqueue_registration(connection, venue)
                queued |= messages._enqueue(
                    connection, "flow_hourly", key, body, venue=venue, period_start=hour
                )
        if queued:
            queued._trigger_send()
        return queued
