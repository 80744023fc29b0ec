from odoo import fields, models
from odoo.exceptions import UserError


class SportsTrainingAttendance(models.Model):
    """A seat of an enrolment paid with a class pack uses one entry of the pack when it
    becomes present (at the gate, by the coach or in the backend): an attended session
    is what the member bought, and a missed one can still be made up, so a no-show uses
    nothing. The entry goes through the card's own ``use`` with the seat as idempotency
    key: a seat marked present twice (or absent and present again) uses one entry."""

    _inherit = "sports.training.attendance"

    pack_move_id = fields.Many2one(
        comodel_name="sports.card.move",
        string="Class Pack Entry",
        readonly=True,
        copy=False,
        help="The entry of the class pack this attended session used.",
    )

    def write(self, vals):
        result = super().write(vals)
        if vals.get("state") == "present":
            self._use_pack()
        return result

    def _use_pack(self):
        for seat in self.filtered(
            lambda s: s.enrolment_id.card_id.kind == "count" and not s.pack_move_id
        ):
            # sudo: the entry was agreed when staff took the pack in payment; the gate or
            # the coach who marks the seat has no right to write member cards.
            card = seat.enrolment_id.card_id.sudo()
            try:
                with self.env.cr.savepoint():
                    move = card.use(seat.session_id.space_id, f"training-seat-{seat.id}")
            except UserError as error:
                # Attendance is a fact: the member is in. Staff settle the pack.
                seat.enrolment_id.sudo().message_post(
                    body=self.env._(
                        "Session %(session)s attended but not taken from class pack %(card)s: "
                        "%(error)s",
                        session=seat.session_id.name,
                        card=card.name,
                        error=error.args[0],
                    )
                )
                continue
            seat.sudo().pack_move_id = move
