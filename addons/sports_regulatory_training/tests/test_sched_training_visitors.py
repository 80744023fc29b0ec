from datetime import date, datetime, time

from odoo.tests import TransactionCase, tagged

from odoo.addons.sports_venue.tests.common import open_every_day


@tagged("post_install", "-at_install")
class TestSchedTrainingVisitors(TransactionCase):
    """Training 人次 of a venue's local day: the present seats of that day's sessions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        calendar = open_every_day(cls.env, "Sched stat 6-22", 6, 22)
        cls.venue, cls.other = cls.env["sports.venue"].create(
            [
                {"name": "Sched Stat Pool", "code": "SCHSTAT", "resource_calendar_id": calendar.id},
                {
                    "name": "Sched Stat Hall",
                    "code": "SCHSTAT2",
                    "resource_calendar_id": calendar.id,
                },
            ]
        )
        space = cls.env["sports.space"].create({"name": "Stat Lane", "venue_id": cls.venue.id})
        other_space = cls.env["sports.space"].create({"name": "Hall", "venue_id": cls.other.id})
        sport = cls.env["sports.sport"].create({"name": "Sched Stat Swim", "code": "schstat"})
        Course = cls.env["sports.training.course"]
        course, other_course = Course.create(
            [
                {
                    "name": "Stat Course",
                    "venue_id": venue.id,
                    "space_id": s.id,
                    "sport_id": sport.id,
                    "date_start": date(2025, 5, 1),
                    "date_end": date(2025, 5, 31),
                }
                for venue, s in ((cls.venue, space), (cls.other, other_space))
            ]
        )
        cls.day = date(2025, 5, 12)

        def at(venue, day, hour):
            return venue._to_utc(datetime.combine(day, time(hour)))

        Session = cls.env["sports.training.session"]
        # 07:00 local is 23:00 UTC the day before: the local day counts, not the UTC one.
        early, late, next_day, elsewhere = Session.create(
            [
                {
                    "course_id": c.id,
                    "space_id": s.id,
                    "start_at": at(v, d, h),
                    "end_at": at(v, d, h + 1),
                    "state": "done",
                }
                for c, s, v, d, h in (
                    (course, space, cls.venue, cls.day, 7),
                    (course, space, cls.venue, cls.day, 19),
                    (course, space, cls.venue, date(2025, 5, 13), 7),
                    (other_course, other_space, cls.other, cls.day, 9),
                )
            ]
        )
        kids = cls.env["res.partner"].create([{"name": f"Stat kid {i}"} for i in range(3)])
        enrolments = cls.env["sports.training.enrolment"].create(
            [{"course_id": course.id, "partner_id": k.id, "state": "confirmed"} for k in kids]
            + [{"course_id": other_course.id, "partner_id": kids[0].id, "state": "confirmed"}]
        )
        seats = [
            (early, enrolments[0], "present"),
            (early, enrolments[1], "present"),
            (early, enrolments[2], "absent"),
            (late, enrolments[0], "present"),
            (late, enrolments[1], "excused"),
            (next_day, enrolments[0], "present"),
            (elsewhere, enrolments[3], "present"),
        ]
        cls.env["sports.training.attendance"].create(
            [{"session_id": s.id, "enrolment_id": e.id, "state": st} for s, e, st in seats]
        )

    def test_hook_counts_present_seats_per_local_day(self):
        Stat = self.env["sports.venue.stat"]
        counts = Stat._sports_stat_event_counts(self.venue | self.other, self.day, self.day)
        self.assertEqual(counts[(self.venue.id, self.day)]["training_visitors"], 3)
        self.assertEqual(counts[(self.other.id, self.day)]["training_visitors"], 1)
        self.assertNotIn((self.venue.id, date(2025, 5, 13)), counts)
        two_days = Stat._sports_stat_event_counts(self.venue, self.day, date(2025, 5, 13))
        self.assertEqual(two_days[(self.venue.id, date(2025, 5, 13))]["training_visitors"], 1)
        self.assertNotIn((self.other.id, self.day), two_days)

    def test_recompute_of_a_day_stores_the_training_visitors(self):
        rows = self.env["sports.venue.stat"]._compute_days(self.day, self.day, self.venue)
        self.assertEqual(rows.filtered(lambda r: r.venue_id == self.venue).training_visitors, 3)
