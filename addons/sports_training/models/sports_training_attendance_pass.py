from datetime import timedelta

from odoo import api, fields, models

# A seat's pass opens the gate this long before its session starts (as a booking's does).
PASS_LEAD = timedelta(minutes=15)
# Pixels of the QR image drawn for the portal: shown at about half that size on a phone.
QR_PIXELS = 480


class SportsTrainingAttendance(models.Model):
    """Each expected seat of a planned session is a gate credential for the session's time
    window: an entitlement of kind ``training`` with a signed QR. The pass is issued when
    the seat is created (or becomes expected again), revoked when the seat or its session
    is cancelled, and reissued when the session moves (the QR carries its validity)."""

    _inherit = "sports.training.attendance"  # pylint: disable=consider-merging-classes-inherited

    @api.model_create_multi
    def create(self, vals_list):
        seats = super().create(vals_list)
        seats._access_sync()
        return seats

    def write(self, vals):
        result = super().write(vals)
        if {"state", "session_id", "enrolment_id"} & set(vals):
            self._access_sync()
        return result

    def _access_vals(self):
        self.ensure_one()
        session = self.session_id
        return {
            "name": f"{session.name} · {self.partner_id.name}",
            "kind": "training",
            "training_attendance_id": self.id,
            "company_id": session.company_id.id,
            "partner_id": self.partner_id.id,
            "venue_ids": [(6, 0, session.venue_id.ids)],
            "area_ids": [(6, 0, session.space_id.area_id.ids)],
            "valid_from": session.start_at - PASS_LEAD,
            "valid_to": session.end_at,
            "counted": False,
            "opening_hours": False,
        }

    def _opens_gate(self):
        """Whether this seat's pass should open the gate: an expected seat of a planned
        session, or a seat already marked present (the attendee may step out and back)."""
        self.ensure_one()
        return self.state in ("expected", "present") and self.session_id.state == "planned"

    def _access_sync(self):
        """Issue, update, reissue or revoke the passes of these seats, in batch: one
        ``_issue`` for all the new passes, no mail per seat."""
        # sudo: a seat's pass follows its enrolment, its session and its marking, done by
        # a member's payment, a coach or staff; the access records are the system's own.
        seats = self.sudo()
        if not seats:
            return
        Entitlement = self.env["sports.access.entitlement"].sudo()
        existing = Entitlement.search(
            [("training_attendance_id", "in", seats.ids), ("state", "!=", "revoked")]
        )
        by_seat = {entitlement.training_attendance_id.id: entitlement for entitlement in existing}
        to_issue = []
        for seat in seats:
            entitlement = by_seat.get(seat.id)
            if seat._opens_gate():
                vals = seat._access_vals()
                if not entitlement:
                    to_issue.append(vals)
                    continue
                moved = (entitlement.valid_from, entitlement.valid_to) != (
                    vals["valid_from"],
                    vals["valid_to"],
                )
                changed = {
                    key: value
                    for key, value in vals.items()
                    if key not in ("kind", "training_attendance_id", "name")
                }
                if moved or entitlement.area_ids != seat.session_id.space_id.area_id:
                    entitlement.write(changed)
                if moved:
                    entitlement.credential_ids.filtered(lambda c: c.kind == "qr")._revoke("moved")
                    entitlement._issue_qr()
            elif entitlement:
                reason = (
                    "cancelled"
                    if "cancelled" in (seat.state, seat.session_id.state)
                    else seat.state
                )
                entitlement._revoke(reason)
        if to_issue:
            Entitlement._issue(to_issue)

    def _pass_qr(self):
        """The active QR of this seat's pass while it opens the gate, or an empty set."""
        self.ensure_one()
        Credential = self.env["sports.access.credential"]
        if not self._opens_gate() or self.session_id.end_at <= fields.Datetime.now():
            return Credential
        # sudo: the pass and its QR are the system's; callers show them only to the seat's
        # attendee, their parent or the member who enrolled (see _portal_pass).
        entitlement = (
            self.env["sports.access.entitlement"]
            .sudo()
            .search([("training_attendance_id", "=", self.id), ("state", "=", "active")], limit=1)
        )
        return entitlement.credential_ids.filtered(
            lambda c: c.kind == "qr" and c.state == "active"
        )[:1]

    def _pass_owner(self, user):
        """Whether ``user`` may see this seat's pass: the attendee, the attendee's parent
        (a child is a contact under the parent) or the member who enrolled."""
        self.ensure_one()
        if user._is_public():
            return False
        # sudo: the seat may be read through a portal rule; only its partner links are
        # compared here.
        seat = self.sudo()
        attendee = seat.partner_id
        allowed = attendee | attendee.parent_id | seat.enrolment_id.parent_partner_id
        return bool(attendee) and user.partner_id in allowed

    def _portal_pass(self, user):
        """What a portal page shows ``user`` of this seat's pass: the QR image and its
        window, only to the attendee, their parent or the enrolling member."""
        self.ensure_one()
        owner = self._pass_owner(user)
        qr = self._pass_qr() if owner else self.env["sports.access.credential"]
        return {
            "owner": bool(owner),
            "qr_src": qr._qr_data_uri(QR_PIXELS) if qr else None,
            "valid_from": qr.valid_from if qr else None,
            "valid_to": qr.valid_to if qr else None,
        }
