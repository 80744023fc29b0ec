from datetime import date, timedelta

from odoo.tests import tagged

from .sched_common import SchedCase


@tagged("post_install", "-at_install")
class TestSchedExpiry(SchedCase):
    def test_one_warning_per_certificate_entering_expiring(self):
        today = date.today()
        boss_user = self.manager
        boss = self.env["hr.employee"].create({"name": "Sched Boss", "user_id": boss_user.id})
        self.coach.parent_id = boss
        Qualification = self.env["sports.coach.qualification"]
        expiring, valid, expired = Qualification.create(
            [
                {
                    "employee_id": self.coach.id,
                    "kind_id": self.kind.id,
                    "number": number,
                    "date_expiry": today + timedelta(days=days),
                }
                for number, days in (("SCHED-EXP", 10), ("SCHED-OK", 200), ("SCHED-OLD", -3))
            ]
        )
        self.assertEqual(
            (expiring.state, valid.state, expired.state), ("expiring", "valid", "expired")
        )
        self.assertEqual(Qualification.search([("state", "=", "expired")]) & expired, expired)
        Activity = self.env["mail.activity"]
        domain = [("res_model", "=", "hr.employee"), ("res_id", "=", self.coach.id)]
        Qualification._cron_warn_expiry()
        activities = Activity.search(domain)
        self.assertEqual(len(activities), 1)
        self.assertIn("SCHED-EXP", activities.summary)
        self.assertEqual(activities.user_id, boss_user)
        self.assertTrue(expiring.warned)
        self.assertFalse(valid.warned)
        Qualification._cron_warn_expiry()
        self.assertEqual(len(Activity.search(domain)), 1, "warned once")
        # Renewed, then nearing its new expiry: warned again.
        expiring.date_expiry = today + timedelta(days=400)
        self.assertFalse(expiring.warned)
        expiring.date_expiry = today + timedelta(days=5)
        Qualification._cron_warn_expiry()
        self.assertEqual(len(Activity.search(domain)), 2)
