from odoo import api, fields, models

# What the registration message carries: a change queues a new registration.
REGISTRATION_FIELDS = {
    "code",
    "name",
    "region_id",
    "street",
    "street2",
    "city",
    "latitude",
    "longitude",
    "tz",
    "active",
}


class SportsVenue(models.Model):
    _inherit = "sports.venue"  # pylint: disable=consider-merging-classes-inherited

    uplink_connection_id = fields.Many2one(
        comodel_name="sports.uplink.connection",
        string="Reported By",
        readonly=True,
        index=True,
        ondelete="restrict",
        help="Receiving side: the subordinate's connection that registered this venue.",
    )
    uplink_remote_ref = fields.Char(
        string="Sender's Venue ID",
        readonly=True,
        help="Receiving side: the venue's id in the reporting Arena.",
    )

    _uplink_ref_unique = models.Constraint(
        "UNIQUE(uplink_connection_id, uplink_remote_ref)",
        "A reporting connection registers each of its venues once.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        venues = super().create(vals_list)
        venues._sports_uplink_register()
        return venues

    def write(self, vals):
        result = super().write(vals)
        if REGISTRATION_FIELDS & set(vals):
            self._sports_uplink_register()
        return result

    def _sports_uplink_register(self):
        """Queue the registration of these venues on every outbound connection reporting
        them (unchanged registrations stay as they are)."""
        venues = self.filtered(lambda v: not v.uplink_connection_id)
        if not venues:
            return
        # sudo: whoever edits a venue queues its registration; the outbox is managers'.
        messages = self.env["sports.uplink.message"].sudo()
        queued = messages.browse()
        for venue, connections in (
            self.env["sports.uplink.connection"]._outbound_for(venues).items()
        ):
            for connection in connections:
                queued |= messages._enqueue_registration(connection, venue)
        if queued:
            queued._trigger_send()
