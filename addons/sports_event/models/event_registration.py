from datetime import timedelta

from odoo import api, fields, models

# Gates admit an event's attendees from this long before it starts (warm-up, seating).
EVENT_LEAD = timedelta(hours=1)
# Registration states whose pass opens the gates: registered, and attended (re-entry).
PASS_STATES = ("open", "done")
# Pixels of the QR image drawn on the pages (shown at half size, sharp on a phone).
QR_PIXELS = 480
# Registration fields whose change re-syncs the pass.
PASS_FIELDS = {"state", "active", "partner_id", "event_id", "event_slot_id"}


class EventRegistration(models.Model):
    """Each confirmed registration gets a gate pass (``sports.access.entitlement`` of kind
    ``event``) with a signed QR, valid for the event's days; its first granted entry marks
    the registration attended."""

    _inherit = "event.registration"

    sports_entitlement_id = fields.Many2one(
        comodel_name="sports.access.entitlement",
        string="Gate Pass",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    sports_team_id = fields.Many2one(
        comodel_name="sports.event.team",
        string="Team",
        index="btree_not_null",
        ondelete="set null",
    )

    @api.model_create_multi
    def create(self, vals_list):
        registrations = super().create(vals_list)
        registrations._sports_sync_pass()
        return registrations

    def write(self, vals):
        result = super().write(vals)
        if PASS_FIELDS & set(vals):
            self._sports_sync_pass()
        return result

    # ------------------------------------------------------------------ the pass
    def _sports_window(self):
        """``(start, end)`` in naive UTC when this registration may attend: its slot's for a
        multi-slot event, else the event's."""
        self.ensure_one()
        slot = self.event_slot_id
        if slot:
            return slot.start_datetime, slot.end_datetime
        return self.event_id.date_begin, self.event_id.date_end

    def _sports_wants_pass(self):
        self.ensure_one()
        event = self.event_id
        return bool(
            self.active
            and self.state in PASS_STATES
            and event.sports_venue_id
            and not event._sports_is_cancelled()
        )

    def _sports_pass_vals(self):
        self.ensure_one()
        event = self.event_id
        venue = event.sports_venue_id
        start, end = self._sports_window()
        areas = event.sports_space_ids.area_id
        # A space without an area: the pass opens every area of the venue.
        if not areas or any(not space.area_id for space in event.sports_space_ids):
            areas = areas.browse()
        return {
            "name": f"{event.name} - {self.name or self.partner_id.name or self.id}",
            "company_id": venue.company_id.id,
            "partner_id": self.partner_id.id,
            "venue_ids": [(6, 0, venue.ids)],
            "area_ids": [(6, 0, areas.ids)],
            "valid_from": start - EVENT_LEAD,
            "valid_to": end,
            "counted": False,
            "opening_hours": False,
        }

    def _sports_sync_pass(self):
        """Give every registered attendee of an event at a venue a gate pass, move it
        (new QR) when the event moves, revoke it when the registration or the event is
        cancelled."""
        # sudo: the pass follows the registration and the event, whoever changes them (a
        # visitor on the website, the desk, the event manager); access records are the
        # system's own.
        for registration in self.sudo().with_context(active_test=False):
            entitlement = registration.sports_entitlement_id
            if entitlement.state == "revoked":
                entitlement = entitlement.browse()
            if not registration._sports_wants_pass():
                if entitlement:
                    reason = (
                        "event cancelled"
                        if registration.event_id._sports_is_cancelled()
                        else "registration cancelled"
                    )
                    entitlement._revoke(reason)
                continue
            vals = registration._sports_pass_vals()
            if not entitlement:
                entitlement = self.env["sports.access.entitlement"]._issue(
                    [dict(vals, kind="event", event_registration_id=registration.id)]
                )
                # Past write(): the link is no change the pass needs to follow.
                super(EventRegistration, registration).write(
                    {"sports_entitlement_id": entitlement.id}
                )
                continue
            moved = (entitlement.valid_from, entitlement.valid_to) != (
                vals["valid_from"],
                vals["valid_to"],
            ) or entitlement.venue_ids.ids != vals["venue_ids"][0][2]
            entitlement.sudo().write(vals)
            if moved:
                # The QR carries its window and venue: a moved event gets a new one.
                entitlement.credential_ids.filtered(lambda c: c.kind == "qr")._revoke("moved")
                entitlement._issue_qr()
        return True

    def _sports_pass_qr(self):
        """The active QR credential of this registration's pass while it opens the gate."""
        self.ensure_one()
        # sudo: the pass and its QR are the system's; _sports_portal_pass shows them only
        # to the registration's own attendee.
        registration = self.sudo()
        entitlement = registration.sports_entitlement_id
        Credential = self.env["sports.access.credential"]
        if (
            not entitlement
            or entitlement.state != "active"
            or registration.state not in PASS_STATES
            or (entitlement.valid_to and entitlement.valid_to <= fields.Datetime.now())
        ):
            return Credential
        return entitlement.credential_ids.filtered(
            lambda c: c.kind == "qr" and c.state == "active"
        )[:1]

    def _sports_is_owner(self, user):
        """Whether ``user`` holds this registration: its attendee (or a contact of the same
        company), or, for a team member registered without an account, the captain."""
        self.ensure_one()
        if not user or user._is_public():
            return False
        mine = user.partner_id.commercial_partner_id
        # sudo: the team and partner of a registration the caller reaches through a
        # checked route; only ownership is read.
        registration = self.sudo()
        if registration.partner_id:
            return registration.partner_id.commercial_partner_id == mine
        captain = registration.sports_team_id.captain_partner_id
        return bool(captain) and captain.commercial_partner_id == mine

    def _sports_portal_pass(self, user):
        """What a page shows ``user`` of this registration's pass: its QR image and window,
        only to its holder (see _sports_is_owner), never to anyone else."""
        self.ensure_one()
        owner = self._sports_is_owner(user)
        qr = self._sports_pass_qr() if owner else self.env["sports.access.credential"]
        return {
            "owner": owner,
            "qr_src": qr._qr_data_uri(QR_PIXELS) if qr else None,
            "valid_from": qr.valid_from if qr else None,
            "valid_to": qr.valid_to if qr else None,
        }
