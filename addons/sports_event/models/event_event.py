from odoo import api, fields, models


class EventEvent(models.Model):
    """An event held at a venue blocks its spaces for its dates through the booking engine
    (``sports.booking`` of kind ``block``, channel ``event``): no public booking, class or
    other event can take them, by the occupancy's exclusion constraint."""

    _inherit = "event.event"

    sports_venue_id = fields.Many2one(
        comodel_name="sports.venue",
        string="Venue",
        index="btree_not_null",
        tracking=True,
        help="The Arena venue where the event takes place; its gates admit the registrations.",
    )
    sports_space_ids = fields.Many2many(
        comodel_name="sports.space",
        string="Spaces Used",
        domain="[('venue_id', '=', sports_venue_id)]",
        help="Courts and fields the event blocks for its dates.",
    )
    sports_block_ids = fields.One2many(
        comodel_name="sports.booking",
        inverse_name="sports_event_id",
        string="Space Blocks",
        readonly=True,
    )
    sports_is_free = fields.Boolean(
        string="Free Event",
        compute="_compute_sports_is_free",
        store=True,
        help="No paid ticket: counted as a free event in the regulation statistics.",
    )
    sports_team_ids = fields.One2many(
        comodel_name="sports.event.team", inverse_name="event_id", string="Teams"
    )
    sports_team_size_min = fields.Integer(string="Team Size (min)", default=0)
    sports_team_size_max = fields.Integer(
        string="Team Size (max)", default=0, help="0: individual registrations only."
    )

    @api.depends("event_ticket_ids.price")
    def _compute_sports_is_free(self):
        for event in self:
            event.sports_is_free = not any(ticket.price > 0 for ticket in event.event_ticket_ids)
