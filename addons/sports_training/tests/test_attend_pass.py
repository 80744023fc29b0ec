import uuid
from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .attend_common import AttendCase


@tagged("post_install", "-at_install")
class TestAttendPass(AttendCase):
    """Each expected seat is a gate pass for its session's window; the gate's entry marks
    the seat present."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sess = cls.session(cls.course, 24)
        cls.enrolment = cls.enrol(cls.course, cls.child, cls.parent)

    def test_an_expected_seat_gets_a_training_pass_for_its_window(self):
        seat = self.seat(self.sess, self.enrolment)
        entitlement = self.pass_of(seat)
        self.assertEqual(len(entitlement), 1)
        self.assertEqual(entitlement.kind, "training")
        self.assertEqual(entitlement.partner_id, self.child)
        self.assertEqual(entitlement.venue_ids, self.venue)
        self.assertEqual(entitlement.area_ids, self.area)
        self.assertEqual(entitlement.valid_from, self.sess.start_at - timedelta(minutes=15))
        self.assertEqual(entitlement.valid_to, self.sess.end_at)
        self.assertFalse(entitlement.opening_hours)
        self.assertFalse(entitlement.counted)
        token = entitlement.qr_token
        self.assertTrue(token)
        early = self.verify(token, "atpool-in", self.sess.start_at - timedelta(minutes=16))
        self.assertEqual((early["decision"], early["reason"]), ("denied", "not_yet_valid"))
        wrong = self.verify(token, "atgym-in", self.sess.start_at)
        self.assertEqual((wrong["decision"], wrong["reason"]), ("denied", "wrong_area"))

    def test_passes_of_many_seats_are_issued_in_one_batch(self):
        other = self.enrol(self.course, self.member)
        sessions = self.sess | self.session(self.course, 48) | self.session(self.course, 72)
        Seat = self.env["sports.training.attendance"]
        count = self.env["sports.access.entitlement"].search_count([])
        seats = Seat.create(
            [
                {"session_id": s.id, "enrolment_id": e.id}
                for s in sessions
                for e in (self.enrolment, other)
            ]
        )
        self.assertEqual(self.env["sports.access.entitlement"].search_count([]), count + 6)
        for seat in seats:
            self.assertEqual(len(self.pass_of(seat)), 1)

    def test_cancelling_the_seat_or_the_session_revokes_its_pass(self):
        seat = self.seat(self.sess, self.enrolment)
        other = self.seat(self.sess, self.enrol(self.course, self.member))
        token = self.pass_of(seat).qr_token
        seat.state = "cancelled"
        self.assertFalse(self.pass_of(seat))
        answer = self.verify(token, "atpool-in", self.sess.start_at)
        self.assertEqual((answer["decision"], answer["reason"]), ("denied", "revoked"))
        # Back to expected: a fresh pass.
        seat.state = "expected"
        self.assertEqual(len(self.pass_of(seat)), 1)
        self.assertNotEqual(self.pass_of(seat).qr_token, token)
        self.sess.write({"state": "cancelled", "cancel_reason": "Pool closed"})
        self.assertFalse(self.pass_of(seat) | self.pass_of(other))
        self.assertEqual(len(self.pass_of(other, "revoked")), 1)

    def test_moving_the_session_reissues_the_qr(self):
        seat = self.seat(self.sess, self.enrolment)
        entitlement = self.pass_of(seat)
        old_token = entitlement.qr_token
        self.sess.write(
            {
                "start_at": self.sess.start_at + timedelta(hours=2),
                "end_at": self.sess.end_at + timedelta(hours=2),
                "space_id": self.gym.id,
            }
        )
        self.assertEqual(self.pass_of(seat), entitlement)
        self.assertEqual(entitlement.valid_from, self.sess.start_at - timedelta(minutes=15))
        self.assertEqual(entitlement.area_ids, self.other_area)
        self.assertNotEqual(entitlement.qr_token, old_token)
        old = self.verify(old_token, "atgym-in", self.sess.start_at)
        self.assertEqual((old["decision"], old["reason"]), ("denied", "revoked"))
        new = self.verify(entitlement.qr_token, "atgym-in", self.sess.start_at)
        self.assertEqual(new["decision"], "granted", new)

    def test_the_portal_pass_is_shown_to_the_attendee_side_only(self):
        seat = self.seat(self.sess, self.enrolment)
        shown = seat._portal_pass(self.parent_user)
        self.assertTrue(shown["owner"])
        self.assertTrue(shown["qr_src"].startswith("data:image/png;base64,"))
        self.assertEqual(shown["valid_to"], self.sess.end_at)
        hidden = seat._portal_pass(self.stranger_user)
        self.assertEqual((hidden["owner"], hidden["qr_src"]), (False, None))
        public = seat._portal_pass(self.env.ref("base.public_user"))
        self.assertIsNone(public["qr_src"])

    def test_an_online_entry_marks_the_seat_present_once(self):
        seat = self.seat(self.sess, self.enrolment)
        token = self.pass_of(seat).qr_token
        entry = self.sess.start_at - timedelta(minutes=10)
        answer = self.verify(token, "atpool-in", entry)
        self.assertEqual(answer["decision"], "granted", answer)
        self.assertEqual((seat.state, seat.source, seat.checked_at), ("present", "gate", entry))
        # Going out and back in changes nothing; the pass still opens.
        self.verify(token, "atpool-in", entry + timedelta(minutes=5), direction="out")
        again = self.verify(token, "atpool-in", entry + timedelta(minutes=20))
        self.assertEqual(again["decision"], "granted", again)
        self.assertEqual(seat.checked_at, entry)

    def test_a_denied_entry_marks_nothing(self):
        seat = self.seat(self.sess, self.enrolment)
        self.verify(self.pass_of(seat).qr_token, "atgym-in", self.sess.start_at)
        self.assertEqual(seat.state, "expected")

    def test_an_uploaded_offline_entry_marks_the_seat_once(self):
        seat = self.seat(self.sess, self.enrolment)
        entry = self.sess.start_at + timedelta(minutes=3)
        item = {
            "uuid": str(uuid.uuid4()),
            "point": "atpool-in",
            "credential": self.pass_of(seat).qr_token,
            "direction": "in",
            "decision": "granted",
            "device_time": entry.isoformat() + "+00:00",
        }
        Upload = self.env["sports.access.upload"]
        with freeze_time(self.sess.start_at + timedelta(minutes=30)):
            result = Upload._upload_events([item], self.venue)
            self.assertEqual(result["accepted"], [item["uuid"]], result)
            self.assertEqual((seat.state, seat.source, seat.checked_at), ("present", "gate", entry))
            # The coach corrects it; the re-uploaded event does not overwrite the correction.
            seat.write({"state": "excused", "source": "backend"})
            result = Upload._upload_events([item], self.venue)
            self.assertEqual(result["duplicates"], [item["uuid"]], result)
        self.assertEqual(seat.state, "excused")
