from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# What makes an event re-sync its space blocks and its registrations' gate passes.
SYNC_FIELDS = {
    "date_begin",
    "date_end",
    "sports_venue_id",
    "sports_space_ids",
    "active",
    "kanban_state",
    "company_id",
}


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

    _sports_team_sizes = models.Constraint(
        "CHECK(sports_team_size_min >= 0 AND sports_team_size_max >= 0 "
        "AND (sports_team_size_max = 0 OR sports_team_size_min <= sports_team_size_max))",
        "A team's minimum size cannot be negative nor above its maximum size.",
    )

    @api.depends("event_ticket_ids.price")
    def _compute_sports_is_free(self):
        for event in self:
            event.sports_is_free = not any(ticket.price > 0 for ticket in event.event_ticket_ids)

    @api.constrains("sports_venue_id", "sports_space_ids", "company_id")
    def _check_sports_venue(self):
        for event in self:
            venue = event.sports_venue_id
            if not venue:
                if event.sports_space_ids:
                    raise ValidationError(
                        self.env._(
                            "Choose the venue of %(event)s before its spaces.", event=event.name
                        )
                    )
                continue
            if event.company_id and venue.company_id != event.company_id:
                raise ValidationError(
                    self.env._(
                        "%(venue)s belongs to %(venue_company)s, not to %(company)s, the "
                        "company of %(event)s.",
                        venue=venue.name,
                        venue_company=venue.company_id.name,
                        company=event.company_id.name,
                        event=event.name,
                    )
                )
            strangers = event.sports_space_ids.filtered(lambda s, v=venue: s.venue_id != v)
            if strangers:
                raise ValidationError(
                    self.env._(
                        "%(spaces)s are not at %(venue)s.",
                        spaces=", ".join(strangers.mapped("name")),
                        venue=venue.name,
                    )
                )

    # ------------------------------------------------------------------ ORM
    @api.model_create_multi
    def create(self, vals_list):
        events = super().create(vals_list)
        events.filtered("sports_venue_id")._sports_sync_blocks()
        return events

    def write(self, vals):
        watched = SYNC_FIELDS & set(vals)
        # Events whose venue is removed must still release their blocks and passes.
        had_venue = self.filtered("sports_venue_id") if watched else self.browse()
        result = super().write(vals)
        if watched:
            events = had_venue | self.filtered("sports_venue_id")
            events._sports_sync_blocks()
            events._sports_registrations()._sports_sync_pass()
        return result

    # ------------------------------------------------------------------ blocks
    def _sports_is_cancelled(self):
        """Cancelled in Odoo 19 terms: archived, or its kanban state set to Cancelled
        (Odoo has no cancelled stage; the end stage means finished, which keeps its
        blocks as history)."""
        self.ensure_one()
        return not self.active or self.kanban_state == "cancel"

    def _sports_registrations(self):
        # sudo: the gate passes follow the event's dates and cancellation, whoever edits
        # the event; registrations of archived events are found too.
        return (
            self.env["event.registration"]
            .sudo()
            .with_context(active_test=False)
            .search([("event_id", "in", self.ids)])
        )

    def _sports_sync_blocks(self):
        """Make the space blocks of these events match their venue, spaces and dates: one
        ``block`` booking per space from ``date_begin`` to ``date_end`` (a tournament over
        several days keeps its courts overnight too, for its nets and scoreboards), moved
        when the dates change, cancelled when a space is removed or the event cancelled.
        A clash with a booking, a class or another event is refused in words."""
        # sudo: the blocks are the event's, kept by the system for whoever may edit the
        # event; event managers need no booking rights. The rules (companies, spaces of
        # the venue) are checked by _check_sports_venue and the occupancy constraint.
        Booking = self.env["sports.booking"].sudo()
        for event in self.sudo().with_context(active_test=False):
            live = event.sports_block_ids.filtered(
                lambda b: b.state not in ("cancelled", "expired")
            )
            wanted = event.sports_space_ids
            if event._sports_is_cancelled() or not event.sports_venue_id:
                wanted = wanted.browse()
            to_cancel = live.filtered(lambda b, w=wanted: b.space_id not in w)
            to_cancel.filtered(lambda b: b.state in ("held", "confirmed")).action_cancel()
            kept = live - to_cancel
            try:
                with self.env.cr.savepoint():
                    moved = kept.filtered(
                        lambda b, e=event: (b.start_at, b.end_at) != (e.date_begin, e.date_end)
                    )
                    if moved:
                        moved.write({"start_at": event.date_begin, "end_at": event.date_end})
                    missing = wanted - kept.space_id
                    if missing:
                        Booking.create(
                            [
                                {
                                    "kind": "block",
                                    "channel": "event",
                                    "space_id": space.id,
                                    "start_at": event.date_begin,
                                    "end_at": event.date_end,
                                    "sports_event_id": event.id,
                                    "notes": event.name,
                                }
                                for space in missing
                            ]
                        )
            except (UserError, ValidationError) as error:
                raise UserError(
                    self.env._(
                        "%(event)s cannot take its spaces from %(start)s to %(end)s: %(reason)s",
                        event=event.name,
                        start=event._sports_local(event.date_begin),
                        end=event._sports_local(event.date_end),
                        reason=error.args[0],
                    )
                ) from None
        return True

    def _sports_local(self, at):
        """``at`` (naive UTC) as local text at the event's venue, for messages."""
        self.ensure_one()
        venue = self.sports_venue_id
        local = venue._localize(at) if venue else fields.Datetime.context_timestamp(self, at)
        return local.strftime("%Y-%m-%d %H:%M")
