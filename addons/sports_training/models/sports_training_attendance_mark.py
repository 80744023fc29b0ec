from datetime import timedelta

from odoo import fields, models
from odoo.exceptions import UserError

# A coach may take attendance from this long before the session starts ...
MARK_BEFORE = timedelta(minutes=30)
# ... until this long after it ends.
MARK_AFTER = timedelta(hours=24)
MARK_STATES = ("present", "absent", "excused")


class SportsTrainingAttendance(models.Model):
    """Marking a seat: the gate (an entry), the coach on the phone page or staff in the
    backend."""

    _inherit = "sports.training.attendance"  # pylint: disable=consider-merging-classes-inherited

    def _set_mark(self, state, source, at=None):
        self.write({"state": state, "source": source, "checked_at": at or fields.Datetime.now()})

    def _check_can_mark(self, user):
        """Raise a UserError unless ``user`` may mark these seats now: the session's coach
        or Arena staff, from 30 minutes before the start to 24 hours after the end."""
        staff = self.env.su or user.has_group("sports_venue.group_arena_user")
        now = fields.Datetime.now()
        # sudo: the rights are what is checked here; a coach's record rule would hide another
        # coach's seats behind an access error instead of this message.
        for seat in self.sudo():
            session = seat.session_id
            if not staff and session.coach_id.user_id != user:
                raise UserError(
                    self.env._("Only the session's coach or staff can take attendance.")
                )
            if session.state == "cancelled" or seat.state == "cancelled":
                raise UserError(self.env._("This session or seat is cancelled."))
            if now < session.start_at - MARK_BEFORE:
                raise UserError(
                    self.env._("Attendance opens 30 minutes before the session starts.")
                )
            if now > session.end_at + MARK_AFTER:
                raise UserError(self.env._("Attendance closes 24 hours after the session ends."))

    def action_mark(self, state):
        """Mark these seats present, absent or excused (coach or backend)."""
        # The model's write right first: a member or a bureau user is refused before any
        # check. The seats themselves are checked below, in words: another coach's seats
        # would otherwise be an access error.
        self.browse().check_access("write")
        if state not in MARK_STATES:
            raise UserError(self.env._("A seat is marked present, absent or excused."))
        user = self.env.user
        self._check_can_mark(user)
        for seat in self:
            source = "coach" if seat.session_id.coach_id.user_id == user else "backend"
            # sudo: the rights were checked above (the session's coach or staff).
            seat.sudo()._set_mark(state, source)
        return True

    def _coach_age(self, on_date):
        """The attendee's age on ``on_date`` when they are a child (a contact under a
        parent) with a birthdate, for the coach's list; None otherwise."""
        self.ensure_one()
        partner = self.sudo().partner_id
        birth = partner.sports_birthdate
        if not partner.parent_id or not birth:
            return None
        return on_date.year - birth.year - ((on_date.month, on_date.day) < (birth.month, birth.day))
