from datetime import date, timedelta

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.sports_training.tests.attend_common import AttendCase


@tagged("post_install", "-at_install")
class TestAttendPack(AttendCase):
    """Class packs (课时卡): a count card limited to courses pays a per-session enrolment,
    one entry per session attended; a stored-value card pays a term at once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env.company._arena_card_accounting()
        cls.course.write({"price_mode": "session", "price": 80.0})
        cls.course_b.write({"price_mode": "term", "price": 600.0})
        cls.parent.phone = "13900139555"
        CardType = env["sports.card.type"]
        cls.pack_type = CardType.create(
            {
                "name": "Beginners A pack",
                "kind": "count",
                "uses": 2,
                "training_course_ids": [(6, 0, cls.course.ids)],
            }
        )
        cls.wallet_type = CardType.create({"name": "Wallet", "kind": "stored_value"})
        Card = env["sports.card"]
        cls.pack = Card.create({"type_id": cls.pack_type.id, "partner_id": cls.parent.id})
        cls.wallet = Card.create({"type_id": cls.wallet_type.id, "partner_id": cls.parent.id})
        cls.wallet.topup(1000.0, f"attend-wallet-{cls.wallet.id}", ref="test")
        cls.sessions = cls.new_session(cls.course, 0.25) | cls.new_session(cls.course, 24)

    def pending(self, course, partner):
        enrolment = self.enrol(course, partner, self.parent)
        enrolment.state = "pending"
        return enrolment

    def seat_of(self, session, enrolment):
        """The enrolment's seat in ``session``: confirming created the seats of the planned
        sessions to come; any other is created here."""
        seat = enrolment.attendance_ids.filtered(lambda a: a.session_id == session)
        return seat or self.seat(session, enrolment)

    def test_a_pack_pays_each_session_attended_once(self):
        enrolment = self.pending(self.course, self.child)
        enrolment._pay_by_card(self.pack)
        self.assertEqual((enrolment.state, enrolment.card_id), ("confirmed", self.pack))
        self.assertEqual(self.pack.remaining_uses, 2, "enrolling uses nothing yet")
        first, second = (self.seat_of(s, enrolment) for s in self.sessions)
        first.action_mark("present")
        self.assertEqual(self.pack.remaining_uses, 1)
        self.assertTrue(first.pack_move_id)
        # Corrected to absent and back: still one entry for this session.
        first.action_mark("absent")
        first.action_mark("present")
        self.assertEqual(self.pack.remaining_uses, 1)
        # A no-show uses nothing (it can be made up).
        second.state = "absent"
        self.assertEqual(self.pack.remaining_uses, 1)

    def test_an_empty_pack_never_blocks_attendance(self):
        enrolment = self.pending(self.course, self.child)
        enrolment._pay_by_card(self.pack)
        self.pack.adjust("test", f"attend-empty-{self.pack.id}", uses=-2)
        seat = self.seat_of(self.sessions[0], enrolment)
        seat.action_mark("present")
        self.assertEqual(seat.state, "present")
        self.assertFalse(seat.pack_move_id)
        self.assertIn("not taken from class pack", enrolment.message_ids[0].body)

    def test_a_pack_is_refused_in_words(self):
        wrong = self.pending(self.course_adv, self.member2)
        self.course_adv.price_mode = "session"
        self.pack.partner_ids = [(4, self.member2.id)]
        with self.assertRaisesRegex(UserError, "This class pack is for Beginners A, not Advanced"):
            wrong._pay_by_card(self.pack)
        enrolment = self.pending(self.course, self.child)
        with self.assertRaisesRegex(UserError, "not a class pack"):
            enrolment._pay_by_card(self.wallet)
        stranger = self.env["res.partner"].create({"name": "Stranger", "phone": "13900139556"})
        foreign = self.env["sports.card"].create(
            {"type_id": self.pack_type.id, "partner_id": stranger.id}
        )
        with self.assertRaisesRegex(UserError, "belongs to Stranger"):
            enrolment._pay_by_card(foreign)
        self.pack.adjust("test", f"attend-none-{self.pack.id}", uses=-2)
        with self.assertRaisesRegex(UserError, "no sessions left|no entries left"):
            enrolment._pay_by_card(self.pack)
        expired = self.env["sports.card"].create(
            {
                "type_id": self.pack_type.id,
                "partner_id": self.parent.id,
                "valid_from": date.today() - timedelta(days=60),
                "valid_to": date.today() - timedelta(days=1),
            }
        )
        with self.assertRaisesRegex(UserError, "expired"):
            enrolment._pay_by_card(expired)
        self.assertEqual(enrolment.state, "pending")
        self.assertFalse(enrolment.card_id)

    def test_a_term_is_paid_with_a_stored_value_card_once(self):
        enrolment = self.pending(self.course_b, self.child)
        enrolment.amount = 600.0
        enrolment._pay_by_card(self.wallet)
        self.assertEqual(enrolment.state, "confirmed")
        self.assertEqual(self.wallet.balance_total, 400.0)
        spends = self.wallet.move_ids.filtered(lambda m: m.kind == "spend")
        self.assertEqual(len(spends), 1)
        self.assertEqual((spends.res_model, spends.res_id), (enrolment._name, enrolment.id))
        with self.assertRaisesRegex(UserError, "awaiting payment"):
            enrolment._pay_by_card(self.wallet)
        poor = self.pending(self.course_b, self.member)
        self.wallet.partner_ids = [(4, self.member.id)]
        poor.amount = 600.0
        with self.assertRaisesRegex(UserError, "less than"):
            poor._pay_by_card(self.wallet)
        self.assertEqual(poor.state, "pending")
        self.assertEqual(self.wallet.balance_total, 400.0)
        with self.assertRaisesRegex(UserError, "stored-value"):
            poor._pay_by_card(self.pack)
