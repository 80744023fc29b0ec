from datetime import timedelta

import pytz

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestVoucherAdmin(TransactionCase):
    """Campaign administration: operators apply for their own venues, the campaign's
    bureau decides; officers plan the weekly batches; everybody else reads the rules."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        Company = env["res.company"]
        cls.bureau = Company.create({"name": "T Bureau City", "arena_role": "district"})
        cls.other_bureau = Company.create({"name": "T Bureau Other", "arena_role": "district"})
        cls.operator_a, cls.operator_b = Company.create(
            [
                {"name": "T Op A", "arena_role": "operator", "bureau_parent_id": cls.bureau.id},
                {"name": "T Op B", "arena_role": "operator", "bureau_parent_id": cls.bureau.id},
            ]
        )
        cls.venue_a1, cls.venue_a2, cls.venue_b = env["sports.venue"].create(
            [
                {"name": "T Venue A1", "code": "TVA1", "company_id": cls.operator_a.id},
                {"name": "T Venue A2", "code": "TVA2", "company_id": cls.operator_a.id},
                {"name": "T Venue B", "code": "TVB", "company_id": cls.operator_b.id},
            ]
        )
        cls.manager_a = new_test_user(
            env,
            "t.voucher.manager.a",
            groups="sports_venue.group_arena_manager",
            company_id=cls.operator_a.id,
            company_ids=[cls.operator_a.id],
        )
        cls.officer = new_test_user(
            env,
            "t.voucher.officer",
            groups="sports_voucher.group_voucher_officer",
            company_id=cls.bureau.id,
            company_ids=[cls.bureau.id],
        )
        cls.foreign_officer = new_test_user(
            env,
            "t.voucher.officer.other",
            groups="sports_voucher.group_voucher_officer",
            company_id=cls.other_bureau.id,
            company_ids=[cls.other_bureau.id],
        )
        today = fields.Date.today()
        cls.campaign, cls.closed = env["sports.voucher.campaign"].create(
            [
                {
                    "name": name,
                    "company_id": cls.bureau.id,
                    "date_start": today - timedelta(days=7),
                    "date_end": today + timedelta(days=60),
                    "budget": 10000,
                    "release_weekday": "0",
                    "release_time": 10.0,
                    "denomination_ids": [
                        (0, 0, {"face_value": 15, "threshold": 50, "quantity_per_batch": 40}),
                        (0, 0, {"face_value": 30, "threshold": 100, "quantity_per_batch": 20}),
                    ],
                    "state": state,
                }
                for name, state in (("T Running", "running"), ("T Closed", "closed"))
            ]
        )

    def _participate(self, user, venue, campaign=None, **vals):
        return (
            self.env["sports.voucher.campaign.venue"]
            .with_user(user)
            .create({"campaign_id": (campaign or self.campaign).id, "venue_id": venue.id, **vals})
        )

    # ------------------------------------------------------------------ applying
    def test_manager_applies_with_own_venues_through_the_wizard(self):
        action = self.campaign.with_user(self.manager_a).action_apply()
        self.assertEqual(action["res_model"], "sports.voucher.apply")
        wizard_env = self.env["sports.voucher.apply"].with_user(self.manager_a)
        with Form(wizard_env.with_context(**action["context"])) as form:
            self.assertEqual(form.campaign_id, self.campaign)
            # Only the operator's own venues may be chosen.
            self.assertEqual(set(form.allowed_venue_ids.ids), {self.venue_a1.id, self.venue_a2.id})
            form.venue_ids.add(self.venue_a1)
            form.note = "Badminton and table tennis"
        wizard = form.record
        result = wizard.action_apply()
        participation = self.env["sports.voucher.campaign.venue"].browse(result["domain"][0][2])
        self.assertEqual(participation.venue_id, self.venue_a1)
        self.assertEqual(participation.state, "applied")
        self.assertEqual(participation.company_id, self.operator_a)
        self.assertEqual(participation.bureau_company_id, self.bureau)
        # Applying twice with the same venue is refused with a message, not a 500.
        again = wizard_env.create({"campaign_id": self.campaign.id, "venue_ids": self.venue_a1.ids})
        self.assertNotIn(self.venue_a1, again.allowed_venue_ids)
        with self.assertRaisesRegex(UserError, "applied to this campaign already"):
            again.action_apply()
        empty = wizard_env.create({"campaign_id": self.campaign.id})
        with self.assertRaisesRegex(UserError, "Choose the venues"):
            empty.action_apply()

    def test_manager_cannot_apply_for_another_operators_venue(self):
        with self.assertRaisesRegex(ValidationError, "not a venue of your company"):
            self._participate(self.manager_a, self.venue_b)
        self.assertFalse(
            self.env["sports.voucher.campaign.venue"].search([("venue_id", "=", self.venue_b.id)])
        )

    def test_manager_cannot_approve_their_own_participation(self):
        with self.assertRaisesRegex(ValidationError, "only the bureau approves"):
            self._participate(self.manager_a, self.venue_a1, state="approved")
        participation = self._participate(self.manager_a, self.venue_a1)
        with self.assertRaisesRegex(UserError, "voucher officers decide"):
            participation.with_user(self.manager_a).action_approve()
        with self.assertRaisesRegex(ValidationError, "voucher officers decide"):
            participation.with_user(self.manager_a).write({"state": "approved"})
        with self.assertRaisesRegex(ValidationError, "voucher officers decide"):
            participation.with_user(self.manager_a).write({"venue_id": self.venue_a2.id})
        # The note stays the operator's to edit.
        participation.with_user(self.manager_a).write({"note": "Open 6:00-22:00"})
        self.assertEqual(participation.state, "applied")
        self.assertEqual(participation.note, "Open 6:00-22:00")

    def test_no_application_to_a_closed_campaign(self):
        with self.assertRaisesRegex(UserError, "running campaign"):
            self.closed.with_user(self.manager_a).action_apply()
        with self.assertRaisesRegex(ValidationError, "is not running"):
            self._participate(self.manager_a, self.venue_a1, campaign=self.closed)

    def test_only_the_campaigns_bureau_decides(self):
        participation = self._participate(self.manager_a, self.venue_a1)
        with self.assertRaises(UserError):  # an AccessError is a UserError
            participation.with_user(self.foreign_officer).action_approve()
        self.assertEqual(participation.state, "applied")
        participation.with_user(self.officer).action_approve()
        self.assertEqual(participation.state, "approved")
        participation.with_user(self.officer).action_suspend()
        self.assertEqual(participation.state, "suspended")
        self.assertFalse(participation._is_redeemable())
        # An officer may enrol a venue of the bureau directly, approved.
        direct = self._participate(self.officer, self.venue_b, state="approved")
        self.assertTrue(direct._is_redeemable())

    def test_venue_smart_button_lists_its_campaigns(self):
        participation = self._participate(self.manager_a, self.venue_a1)
        venue = self.venue_a1.with_user(self.manager_a)
        self.assertEqual(venue.sports_voucher_participation_count, 1)
        action = venue.action_view_sports_voucher_participations()
        self.assertEqual(
            self.env["sports.voucher.campaign.venue"].search(action["domain"]), participation
        )
        self.assertEqual(self.venue_a2.sports_voucher_participation_count, 0)

    # ------------------------------------------------------------------ officers
    def test_plan_batches_creates_the_coming_weeks_once(self):
        campaign = self.campaign.with_user(self.officer)
        campaign.action_plan_batches()
        batches = campaign.batch_ids
        tz = self.env["sports.voucher"]._sports_campaign_tz(self.campaign)
        releases = sorted(set(batches.mapped("release_at")))
        self.assertGreaterEqual(len(releases), 4, "this week's and the coming weeks'")
        self.assertEqual(len(batches), 2 * len(releases), "each denomination at each release")
        self.assertGreater(releases[-1], fields.Datetime.now() + timedelta(weeks=3))
        for batch in batches:
            local = pytz.utc.localize(batch.release_at).astimezone(tz)
            self.assertEqual((local.weekday(), local.hour, local.minute), (0, 10, 0))
            self.assertEqual(batch.quantity, batch.denomination_id.quantity_per_batch)
        # A second click plans nothing new.
        result = campaign.action_plan_batches()
        self.assertEqual(result["params"]["type"], "warning")
        self.assertEqual(campaign.batch_ids, batches)
        self.assertEqual(campaign.budget_allocated, len(releases) * (40 * 15 + 20 * 30))

    def test_plan_batches_respects_the_budget_and_the_officers(self):
        self.campaign.budget = 1500  # one week's release costs 1200
        self.campaign.with_user(self.officer).action_plan_batches()
        self.assertEqual(self.campaign.budget_allocated, 1500, "never over the budget")
        # A batch added by hand over the budget is refused by the database's sum.
        with self.assertRaisesRegex(ValidationError, "over its budget"):
            self.env["sports.voucher.batch"].with_user(self.officer).create(
                {
                    "campaign_id": self.campaign.id,
                    "denomination_id": self.campaign.denomination_ids[0].id,
                    "release_at": fields.Datetime.now() + timedelta(days=90),
                    "quantity": 1,
                }
            )
        with self.assertRaisesRegex(UserError, "voucher officers"):
            self.campaign.with_user(self.manager_a).action_plan_batches()
        with self.assertRaisesRegex(UserError, "voucher officers of T Bureau City"):
            self.campaign.with_user(self.foreign_officer).action_plan_batches()
        with self.assertRaisesRegex(UserError, "running campaign"):
            self.closed.with_user(self.officer).action_plan_batches()
        self.assertFalse(self.closed.batch_ids)

    def test_rules_are_read_only_for_non_officers(self):
        def arch(user):
            views = self.env["sports.voucher.campaign"].with_user(user).get_views([(False, "form")])
            return views["views"]["form"]["arch"]

        manager_arch = arch(self.manager_a)
        self.assertIn('edit="0"', manager_arch)
        self.assertIn('create="0"', manager_arch)
        self.assertIn("action_apply", manager_arch)
        self.assertNotIn("action_plan_batches", manager_arch)
        officer_arch = arch(self.officer)
        self.assertNotIn('edit="0"', officer_arch)
        self.assertIn("action_plan_batches", officer_arch)
        # The operator reads the running campaign's rules, and cannot change them.
        campaign = self.campaign.with_user(self.manager_a)
        self.assertEqual(campaign.limit_held, 3)
        self.assertFalse(campaign.is_voucher_officer)
        self.assertTrue(self.campaign.with_user(self.officer).is_voucher_officer)
        with self.assertRaises(AccessError):
            campaign.write({"limit_held": 10})

    def test_only_the_campaigns_bureau_changes_it(self):
        """A running campaign is readable below and beside its bureau, never writable."""
        foreign = self.campaign.with_user(self.foreign_officer)
        self.assertEqual(foreign.limit_held, 3, "a running campaign's rules are public")
        with self.assertRaises(AccessError):
            foreign.write({"budget": 10**9})
        with self.assertRaises(AccessError):
            foreign.denomination_ids.write({"face_value": 200})
        with self.assertRaises(AccessError):
            self.env["sports.voucher.batch"].with_user(self.foreign_officer).create(
                {
                    "campaign_id": self.campaign.id,
                    "denomination_id": self.campaign.denomination_ids[0].id,
                    "release_at": fields.Datetime.now(),
                    "quantity": 1,
                }
            )
        self.campaign.with_user(self.officer).write({"limit_held": 2})
        self.assertEqual(self.campaign.limit_held, 2)

    def test_smart_buttons_open_the_campaigns_records(self):
        self._participate(self.officer, self.venue_a1, state="approved")
        campaign = self.campaign.with_user(self.officer)
        self.assertEqual(campaign.participation_count, 1)
        self.assertEqual(campaign.subsidy_claim_count, 0)
        for method, model in (
            ("action_view_vouchers", "sports.voucher"),
            ("action_view_redemptions", "sports.voucher.redemption"),
            ("action_view_flags", "sports.voucher.flag"),
            ("action_view_subsidy_claims", "sports.voucher.subsidy.claim"),
            ("action_view_participations", "sports.voucher.campaign.venue"),
        ):
            action = getattr(campaign, method)()
            self.assertEqual(action["res_model"], model)
            self.assertEqual(action["domain"], [("campaign_id", "=", self.campaign.id)])
