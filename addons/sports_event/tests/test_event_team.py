"""Issue 19, events item 4: team registration for tournaments, all or nothing."""

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, new_test_user, tagged

from .event_common import EventCase

CAPTAIN = "sev_team_captain"
MEMBERS = [
    ("Liu Yang", "138 0013 8000"),
    ("Chen Jie", "13900139000"),
    ("Sun Li", "+86 137 0013 7000"),
]


@tagged("post_install", "-at_install")
class TestEventTeam(EventCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.captain_user = new_test_user(
            cls.env,
            login=CAPTAIN,
            password=CAPTAIN,
            groups="base.group_portal",
            email="captain@example.com",
        )
        cls.captain = cls.captain_user.partner_id
        cls.captain.phone = "13800138000"
        cls.event = cls.make_event(
            days=6,
            name="3x3 Cup",
            sports_team_size_min=2,
            sports_team_size_max=4,
            website_published=True,
        )
        cls.Team = cls.env["sports.event.team"]

    def team_count(self):
        return self.Team.search_count([("event_id", "=", self.event.id)])

    def registration_count(self):
        return self.Registration.search_count([("event_id", "=", self.event.id)])

    def test_a_team_registers_its_members_with_passes(self):
        team = self.Team._sports_register(self.event, self.captain, " Gulou Eagles ", MEMBERS)
        self.assertEqual(team.name, "Gulou Eagles")
        self.assertEqual(team.captain_partner_id, self.captain)
        regs = team.registration_ids.sorted("id")
        self.assertEqual(regs.mapped("name"), ["Liu Yang", "Chen Jie", "Sun Li"])
        self.assertEqual(
            regs.mapped("phone"), ["+8613800138000", "+8613900139000", "+8613700137000"]
        )
        self.assertEqual(set(regs.mapped("state")), {"open"})
        self.assertEqual(regs[0].partner_id, self.captain, "the captain's own row is theirs")
        self.assertFalse(regs[1:].partner_id)
        self.assertEqual(team.member_count, 3)
        self.assertTrue(all(r.sports_entitlement_id.qr_token for r in regs))
        # The captain holds the passes of the members without an account.
        self.assertTrue(regs[1]._sports_portal_pass(self.captain_user)["qr_src"])

    def test_bad_teams_are_refused_in_words_and_nothing_is_written(self):
        self.Team._sports_register(self.event, self.captain, "Gulou Eagles", MEMBERS[:2])
        teams, regs = self.team_count(), self.registration_count()
        cases = [
            ("gulou eagles", MEMBERS, "already registered"),
            ("Solo", MEMBERS[:1], "2 to 4 members, not 1"),
            (
                "Crowd",
                MEMBERS + [("A", "13600136000"), ("B", "13500135000")],
                "2 to 4 members, not 5",
            ),
            ("Bad Phone", [MEMBERS[0], ("Wu", "12345")], "Member 2"),
            ("Same Phone", [MEMBERS[0], ("Wu", "+8613800138000")], "phone of another member"),
            ("No Name", [MEMBERS[0], ("", "13600136000")], "name of Member 2"),
            ("", MEMBERS, "team name is required"),
            ("x" * 65, MEMBERS, "too long"),
            ("Null\x00Team", MEMBERS, "control characters"),
        ]
        for name, members, message in cases:
            with self.subTest(name=name[:20]):
                with self.assertRaisesRegex((UserError, ValidationError), message):
                    self.Team._sports_register(self.event, self.captain, name, members)
        self.assertEqual((self.team_count(), self.registration_count()), (teams, regs))

    def test_seats_and_tickets_follow_odoo(self):
        self.event.write({"seats_limited": True, "seats_max": 4})
        self.Team._sports_register(self.event, self.captain, "First", MEMBERS[:2])
        with self.assertRaisesRegex(ValidationError, "not enough seats"):
            self.Team._sports_register(self.event, self.captain, "Second", MEMBERS)
        self.assertEqual(self.team_count(), 1)
        self.env["event.event.ticket"].create(
            {"name": "Paid", "event_id": self.event.id, "price": 50.0}
        )
        with self.assertRaisesRegex(UserError, "paid tickets only"):
            self.Team._sports_register(self.event, self.captain, "Third", MEMBERS[:2])
        free = self.env["event.event.ticket"].create(
            {"name": "Players", "event_id": self.event.id, "price": 0.0}
        )
        team = self.Team._sports_register(self.event, self.captain, "Third", MEMBERS[:2])
        self.assertEqual(team.registration_ids.event_ticket_id, free)
        event = self.make_event(days=8, name="Singles Open", spaces=self.half_a)
        with self.assertRaisesRegex(UserError, "no team registrations"):
            self.Team._sports_register(event, self.captain, "Any", MEMBERS[:2])

    # ------------------------------------------------------------------ the website form
    def test_the_form_registers_a_team_or_shows_the_error(self):
        url = f"/event/{self.event.id}/team"
        self.assertEqual(
            self.url_open(url, allow_redirects=False).status_code, 303, "sign in first"
        )
        self.authenticate(CAPTAIN, CAPTAIN)
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        self.assertEqual(page.text.count("o_se_member_row"), 4)
        form = {"team_name": "Xuanwu Hawks", "csrf_token": http.Request.csrf_token(self)}
        for index, (name, phone) in enumerate(MEMBERS[:2], start=1):
            form[f"member_name_{index}"] = name
            form[f"member_phone_{index}"] = phone
        form["member_phone_3"] = "999"
        form["member_name_3"] = "Wrong"
        response = self.url_open(url, data=form, allow_redirects=False)
        self.assertEqual(response.status_code, 422)
        self.assertIn("o_se_team_error", response.text)
        self.assertIn("Member 3", response.text)
        self.assertIn("Xuanwu Hawks", response.text, "the form keeps what was typed")
        self.assertEqual(self.team_count(), 0)
        form.pop("member_phone_3")
        form.pop("member_name_3")
        response = self.url_open(url, data=form, allow_redirects=False)
        self.assertEqual(response.status_code, 303, response.text[-500:])
        self.assertIn("/my/events", response.headers["Location"])
        team = self.Team.search([("event_id", "=", self.event.id)])
        self.assertEqual(team.name, "Xuanwu Hawks")
        self.assertEqual(team.captain_partner_id, self.captain)
        # My Events lists both, with the QR of each.
        page = self.url_open("/my/events")
        self.assertEqual(page.text.count("o_se_pass_qr"), 2)
        # An event without teams, or unpublished: no form.
        self.event.website_published = False
        self.assertEqual(self.url_open(url).status_code, 404)
