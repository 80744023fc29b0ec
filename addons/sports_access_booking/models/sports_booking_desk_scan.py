"""Desk check-in by scan (issue 13, item 3): the front desk scans a booking's QR or a
member card on the day grid or the booking list, and the booking is checked in."""

from odoo import api, fields, models
from odoo.tools import format_date

from odoo.addons.sports_venue.tools import inputs

from arena_access.credentials import MAX_LENGTH

from .sports_access_entitlement import BOOKING_LEAD

# Booking states a scan cannot check in, whatever the day or the venue.
REFUSED_STATES = ("held", "cancelled", "no_show", "expired", "done")


class SportsBooking(models.Model):
    # The desk scan is a job of its own, kept apart from the pass that sports_booking.py issues.
    _inherit = "sports.booking"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def desk_scan(self, code, venue_id=False):
        """Check in the booking that a scanned ``code`` names, at the desk of ``venue_id``.

        ``code`` is what the scanner typed: the QR of a booking's pass, or a member card
        (its UID, or its QR). A card checks in its holder's confirmed booking at the venue
        whose window (its start less the gate lead, to its end) holds now, the one that
        starts first. Without ``venue_id``, any venue of the user's companies.

        Returns ``{"status", "type", "message", "booking_id", "booking", "venue_id",
        "date"}``: ``status`` is ``checked_in``, ``already_checked_in``, ``refused`` or
        ``unknown``; ``type`` is the notification's (``success``, ``info``, ``warning``,
        ``danger``); ``date`` the booking's local day (``YYYY-MM-DD``). A refusal is an
        answer with a message, not an error: the desk scans again.
        """
        env = self.env
        code = inputs.text(
            env, code, env._("The scanned code"), required=True, max_length=MAX_LENGTH
        )
        venue = inputs.record(env, "sports.venue", venue_id, env._("The venue"))
        self.check_access("write")
        if venue:
            venue.check_access("read")
        venues = venue or env["sports.venue"].search([("company_id", "in", env.companies.ids)])
        credential, entitlement = self._desk_scan_find(code, venues)
        if not entitlement:
            if venue:
                message = env._(
                    "Unknown code: it is no booking pass or member card of %(venue)s.",
                    venue=venue.name,
                )
            else:
                message = env._("Unknown code: it is no booking pass or member card.")
            return self._desk_scan_answer("unknown", "warning", message)
        if entitlement.booking_id:
            return self._desk_scan_booking(credential, entitlement.booking_id, venue)
        if entitlement.kind == "card":
            return self._desk_scan_card(credential, entitlement, venue, venues)
        return self._desk_scan_answer(
            "refused",
            "warning",
            env._(
                "%(ref)s is a ticket, not a booking pass or a member card.",
                ref=credential.display_ref,
            ),
        )

    # ------------------------------------------------------------------------------------
    # Finding what was scanned
    # ------------------------------------------------------------------------------------
    @api.model
    def _desk_scan_find(self, code, venues):
        """``(credential, entitlement)`` (as superuser) that ``code`` names in the
        companies of ``venues``: a credential it reads as (a QR whose signature does not
        verify is none), or else the pass of the member card with this number, then
        without a credential."""
        # sudo: the desk reads the pass the customer holds out, as a gate does; staff have
        # no right on the access records, and only the booking found is acted on, with
        # the user's own rights.
        gate = self.env["sports.access.gate"].sudo()
        Credential = self.env["sports.access.credential"].sudo()
        for company in venues.company_id:
            found = gate._resolve(code, company)[0]
            if found:
                return found, found.entitlement_id
        # A card's pass is named after the card's number, printed on the card.
        card = (
            self.env["sports.access.entitlement"]
            .sudo()
            .search(
                [
                    ("kind", "=", "card"),
                    ("company_id", "in", venues.company_id.ids),
                    ("name", "in", list({code, code.upper()})),
                ],
                order="state, id desc",
                limit=1,
            )
        )
        return Credential, card

    # ------------------------------------------------------------------------------------
    # A booking's QR
    # ------------------------------------------------------------------------------------
    @api.model
    def _desk_scan_booking(self, credential, booking, venue):
        env = self.env
        # The booking comes from the pass: act on it with the user's rights from here on.
        booking = booking.with_env(env)
        if booking.company_id not in env.companies:
            return self._desk_scan_answer(
                "unknown",
                "warning",
                env._("This booking belongs to another company: check it in there."),
            )
        if booking.state in REFUSED_STATES:
            return self._desk_scan_answer(
                "refused", "danger", self._desk_scan_state_message(booking), booking
            )
        if venue and booking.venue_id != venue:
            return self._desk_scan_answer(
                "refused",
                "danger",
                env._(
                    "Booking %(booking)s is at %(venue)s, not at %(here)s.",
                    booking=booking.name,
                    venue=booking.venue_id.name,
                    here=venue.name,
                ),
                booking,
            )
        now = fields.Datetime.now()
        day = booking.venue_id._local_date(booking.start_at)
        if day != booking.venue_id._local_date(now):
            return self._desk_scan_answer(
                "refused",
                "danger",
                env._(
                    "Booking %(booking)s is on %(day)s, not today.",
                    booking=booking.name,
                    day=format_date(env, day),
                ),
                booking,
            )
        if credential.state != "active":
            # A booking that was moved got a new QR; the old one opens nothing.
            return self._desk_scan_answer(
                "refused",
                "danger",
                env._(
                    "This QR of booking %(booking)s was replaced when the booking changed: "
                    "ask for its current QR.",
                    booking=booking.name,
                ),
                booking,
            )
        if booking.state == "confirmed" and booking.end_at <= now:
            return self._desk_scan_answer(
                "refused",
                "danger",
                env._(
                    "Booking %(booking)s ended at %(end)s.",
                    booking=booking.name,
                    end=self._desk_scan_time(booking, booking.end_at),
                ),
                booking,
            )
        return self._desk_scan_check_in(booking)

    @api.model
    def _desk_scan_state_message(self, booking):
        env = self.env
        name = booking.name
        if booking.state == "cancelled":
            return env._(
                "Booking %(booking)s was cancelled: it cannot be checked in.", booking=name
            )
        if booking.state == "no_show":
            return env._(
                "Booking %(booking)s was marked a no-show: it cannot be checked in.", booking=name
            )
        if booking.state == "expired":
            return env._(
                "Booking %(booking)s expired unpaid: it cannot be checked in.", booking=name
            )
        if booking.state == "held":
            return env._(
                "Booking %(booking)s is not paid yet: confirm it before checking it in.",
                booking=name,
            )
        return env._("Booking %(booking)s is over: it was checked out.", booking=name)

    # ------------------------------------------------------------------------------------
    # A member card
    # ------------------------------------------------------------------------------------
    @api.model
    def _desk_scan_card(self, credential, entitlement, venue, venues):
        env = self.env
        ref = credential.display_ref or entitlement.name
        if (credential and credential.state != "active") or entitlement.state == "revoked":
            return self._desk_scan_answer(
                "refused",
                "danger",
                env._(
                    "%(card)s is blocked (lost, replaced or refunded): ask for the current card.",
                    card=ref,
                ),
            )
        partner = entitlement.partner_id
        if not partner:
            return self._desk_scan_answer(
                "refused",
                "warning",
                env._("%(card)s has no holder: open the booking to check it in.", card=ref),
            )
        now = fields.Datetime.now()
        # The window in which the booking's own QR opens the gate: from its start less
        # the lead to its end.
        current = self.search(
            [
                ("partner_id", "=", partner.id),
                ("kind", "=", "booking"),
                ("venue_id", "in", venues.ids),
                ("state", "in", ("confirmed", "checked_in")),
                ("start_at", "<=", now + BOOKING_LEAD),
                ("end_at", ">", now),
            ],
            order="start_at, id",
        )
        confirmed = current.filtered(lambda b: b.state == "confirmed")
        if confirmed:
            return self._desk_scan_check_in(confirmed[0])
        if current:
            return self._desk_scan_already(current[0])
        return self._desk_scan_answer(
            "refused", "warning", self._desk_scan_no_booking(partner, venue, venues, now)
        )

    @api.model
    def _desk_scan_no_booking(self, partner, venue, venues, now):
        """The message for a card whose holder has no booking now: with the holder's next
        booking today, here or at another venue, when there is one."""
        env = self.env
        day_end = max(v._day_bounds(v._local_date(now))[1] for v in venues) if venues else now
        upcoming = self.search(
            [
                ("partner_id", "=", partner.id),
                ("kind", "=", "booking"),
                ("state", "=", "confirmed"),
                ("end_at", ">", now),
                ("start_at", "<", day_end),
            ],
            order="start_at, id",
            limit=1,
        )
        if upcoming and upcoming.venue_id not in venues:
            return env._(
                "%(partner)s has no booking here now; booking %(booking)s today is at %(venue)s.",
                partner=partner.name,
                booking=upcoming.name,
                venue=upcoming.venue_id.name,
            )
        if upcoming:
            return env._(
                "%(partner)s has no booking now; the next one, %(booking)s, starts at %(start)s.",
                partner=partner.name,
                booking=upcoming.name,
                start=self._desk_scan_time(upcoming, upcoming.start_at),
            )
        if venue:
            return env._(
                "%(partner)s has no booking at %(venue)s now.",
                partner=partner.name,
                venue=venue.name,
            )
        return env._("%(partner)s has no booking now.", partner=partner.name)

    # ------------------------------------------------------------------------------------
    # Checking in, and the answer
    # ------------------------------------------------------------------------------------
    @api.model
    def _desk_scan_check_in(self, booking):
        if booking.state == "checked_in":
            return self._desk_scan_already(booking)
        # The booking's own action: its rights, its transition and the gate pass follow.
        booking.action_check_in()
        return self._desk_scan_answer(
            "checked_in",
            "success",
            self.env._(
                "%(booking)s checked in: %(partner)s, %(space)s at %(venue)s, %(start)s–%(end)s.",
                **self._desk_scan_values(booking),
            ),
            booking,
        )

    @api.model
    def _desk_scan_already(self, booking):
        return self._desk_scan_answer(
            "already_checked_in",
            "info",
            self.env._(
                "%(booking)s was already checked in at %(at)s: %(partner)s, "
                "%(space)s at %(venue)s, %(start)s–%(end)s.",
                at=self._desk_scan_time(booking, booking.checked_in_at or booking.start_at),
                **self._desk_scan_values(booking),
            ),
            booking,
        )

    @api.model
    def _desk_scan_values(self, booking):
        return {
            "booking": booking.name,
            "partner": booking.partner_id.name or "",
            "space": booking.space_id.name,
            "venue": booking.venue_id.name,
            "start": self._desk_scan_time(booking, booking.start_at),
            "end": self._desk_scan_time(booking, booking.end_at),
        }

    @api.model
    def _desk_scan_time(self, booking, at):
        return f"{booking.venue_id._localize(at):%H:%M}"

    @api.model
    def _desk_scan_answer(self, status, kind, message, booking=None):
        booking = booking or self.browse()
        day = booking.venue_id._local_date(booking.start_at) if booking else False
        return {
            "status": status,
            "type": kind,
            "message": message,
            "booking_id": booking.id or False,
            "booking": booking.display_name or False,
            "venue_id": booking.venue_id.id or False,
            "date": fields.Date.to_string(day) if day else False,
        }
