from odoo import fields, models
from odoo.exceptions import UserError


class SportsTrainingEnrolment(models.Model):
    """An enrolment paid by member card: a per-session course with a class pack (one entry
    per session attended), a term course with a stored-value card (the term's price at
    once)."""

    _inherit = "sports.training.enrolment"

    card_id = fields.Many2one(
        comodel_name="sports.card",
        string="Paid by Card",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The class pack that pays each session attended, or the stored-value card "
        "that paid the term.",
    )

    def _check_card_holder(self, card):
        self.ensure_one()
        people = self.partner_id | self.parent_partner_id | self.partner_id.parent_id
        if not (people & (card.partner_id | card.partner_ids)):
            raise UserError(
                self.env._(
                    "Card %(card)s belongs to %(holder)s, not to %(attendee)s or their family.",
                    card=card.name,
                    holder=card.partner_id.name,
                    attendee=self.partner_id.name,
                )
            )

    def _check_pack(self, card):
        """Refuse, in words, a class pack that cannot pay this enrolment's sessions."""
        self.ensure_one()
        course = self.course_id
        if card.kind != "count" or not card.type_id.training_course_ids:
            raise UserError(self.env._("Card %(card)s is not a class pack.", card=card.name))
        if course not in card.type_id.training_course_ids:
            raise UserError(
                self.env._(
                    "This class pack is for %(courses)s, not %(course)s.",
                    courses=", ".join(card.type_id.training_course_ids.mapped("name")),
                    course=course.name,
                )
            )
        card._check_usable()
        if card.remaining_uses < 1:
            raise UserError(self.env._("Class pack %(card)s has no sessions left.", card=card.name))

    def _pay_by_card(self, card):
        """Pay this pending enrolment with ``card`` and confirm it: a class pack for a
        per-session course (checked now, an entry used per session attended), a
        stored-value card for a term course (charged the amount at once, once: the
        charge's key is the enrolment's)."""
        self.ensure_one()
        card.ensure_one()
        if self.state not in ("draft", "pending"):
            raise UserError(self.env._("Only an enrolment awaiting payment can be paid."))
        self._check_card_holder(card)
        if self.course_id.price_mode == "session":
            self._check_pack(card)
        else:
            if card.kind != "stored_value":
                raise UserError(
                    self.env._(
                        "A term is paid with a stored-value card; %(card)s is not one.",
                        card=card.name,
                    )
                )
            amount = self.amount or self.course_id.price
            if amount > 0:
                card.charge(
                    amount,
                    f"training-enrolment-{self.id}",
                    ref=self.name if self.name != "/" else self.course_id.name,
                    source=self,
                    venue=self.course_id.venue_id,
                )
        self.write({"card_id": card.id})
        self._confirm_paid()
        return True

    def _confirm_paid(self):
        """Confirm after the card payment: seats and their passes."""
        self.action_confirm()
