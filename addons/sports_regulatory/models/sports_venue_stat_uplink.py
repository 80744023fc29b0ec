from datetime import datetime, time

from odoo import api, models


class SportsVenueStat(models.Model):
    _inherit = "sports.venue.stat"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _compute_days(self, date_from, date_to, venues=None):
        """Leave out the venues that a subordinate's Arena reports here: their days come
        from the uplink, and recomputing them from our (empty) logs would zero them."""
        if venues is None:
            venues = self.env["sports.venue"].search([("uplink_connection_id", "=", False)])
        else:
            venues = venues.filtered(lambda venue: not venue.uplink_connection_id)
        return super()._compute_days(date_from, date_to, venues)

    @api.model
    def _sports_after_nightly(self, day):
        """After the nightly computation, queue each venue's daily summary of ``day``."""
        result = super()._sports_after_nightly(day)
        self._sports_uplink_enqueue_days(day, day)
        return result

    def _sports_uplink_enqueue_days(self, date_from, date_to, venues=None):
        domain = [
            ("date", ">=", date_from),
            ("date", "<=", date_to),
            ("venue_id.uplink_connection_id", "=", False),
        ]
        if venues:
            domain.append(("venue_id", "in", venues.ids))
        # sudo: the outbox is system plumbing run after a computation, whoever started it.
        stats = self.sudo().search(domain)
        mapping = self.env["sports.uplink.mapping"]
        messages = self.env["sports.uplink.message"].sudo()
        queued = messages.browse()
        by_venue = self.env["sports.uplink.connection"]._outbound_for(stats.venue_id)
        for stat in stats:
            venue = stat.venue_id
            for connection in by_venue[venue]:
                queued |= messages._enqueue_registration(connection, venue)
                queued |= messages._enqueue(
                    connection,
                    "daily",
                    mapping._daily_key(stat),
                    mapping._daily_body(stat),
                    venue=venue,
                    period_start=venue._to_utc(datetime.combine(stat.date, time.min)),
                )
        if queued:
            queued._trigger_send()
        return queued
