"""Issue 17, bureau access: a bureau reads every venue and statistics row below it with
only its own company ticked, writes nothing, sees no sibling region and no personal data;
an operator never sees another operator's statistics."""

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .bureau_common import DAY1, BureauStatsCase

# Models that carry people or their passages: a bureau has no access to them at all.
PERSONAL_MODELS = (
    "sports.booking",
    "sports.booking.occupancy",
    "sports.access.event",
    "sports.access.credential",
    "sports.access.entitlement",
    "sports.access.daily",
    "sports.device.reading",
    "sports.card",
    "sports.card.move",
    "sports.card.arrear",
    "sports.timed.session",
)
STAT_MODELS = ("sports.venue.stat", "sports.area.stat", "sports.flow.hourly", "sports.compliance")


@tagged("post_install", "-at_install")
class TestBureauAccess(BureauStatsCase):
    def test_city_bureau_reads_every_venue_below_it_with_nothing_ticked(self):
        env = self.as_web(self.city_user)
        self.assertEqual(env.companies, self.city, "only the bureau itself is ticked")
        stats = env["sports.venue.stat"].search([("id", "in", self.stats.ids)])
        self.assertEqual(stats, self.stats)
        venues = env["sports.venue"].search([("id", "in", self.stats.venue_id.ids)])
        self.assertEqual(venues, self.venue_a | self.venue_a2 | self.venue_b | self.venue_n)
        self.assertEqual(
            env["sports.compliance"].search([("id", "in", self.compliance.ids)]), self.compliance
        )
        # Grouped by region as the pivot does it, the numbers are all there.
        groups = dict(
            env["sports.venue.stat"]._read_group(
                [("id", "in", self.stats.ids), ("date", "=", DAY1)],
                ["district_id"],
                ["entries:sum"],
            )
        )
        self.assertEqual(groups[self.r_district_a], 600)
        self.assertEqual(groups[self.r_district_b], 1000)
        # Areas and regions of those venues are readable the same way.
        area = self.env["sports.area"].create({"name": "Hall", "venue_id": self.venue_b.id})
        self.assertEqual(env["sports.area"].browse(area.id).name, "Hall")
        self.assertEqual(env["sports.venue"].browse(self.venue_b.id).region_id.code, "320106")

    def test_district_bureau_sees_no_sibling_district(self):
        env = self.as_web(self.district_user)
        stats = env["sports.venue.stat"].search([("id", "in", self.stats.ids)])
        self.assertEqual(stats.venue_id, self.venue_a | self.venue_a2 | self.venue_n)
        self.assertFalse(env["sports.compliance"].search([("venue_id", "=", self.venue_b.id)]))
        with self.assertRaises(AccessError):
            env["sports.venue"].browse(self.venue_b.id).read(["name"])
        sibling_stat = self.stats.filtered(lambda s: s.venue_id == self.venue_b)[:1]
        with self.assertRaises(AccessError):
            env["sports.venue.stat"].browse(sibling_stat.id).read(["entries"])
        # Ticking the sibling's company is refused outright.
        with self.assertRaises(AccessError):
            self.env(
                user=self.district_user, context={"allowed_company_ids": [self.operator_b.id]}
            )["sports.venue.stat"].search([])

    def test_an_operator_never_sees_another_operators_statistics(self):
        for user, venue in ((self.manager_a, self.venue_a), (self.manager_a2, self.venue_a2)):
            with self.subTest(user=user.login):
                env = self.as_web(user)
                stats = env["sports.venue.stat"].search([("id", "in", self.stats.ids)])
                self.assertIn(venue, stats.venue_id)
                self.assertEqual(stats.company_id, user.company_id)
                others = self.stats.filtered(lambda s, c=user.company_id: s.company_id != c)
                with self.assertRaises(AccessError):
                    env["sports.venue.stat"].browse(others[:1].id).read(["entries"])
                self.assertFalse(
                    env["sports.compliance"].search([("company_id", "!=", user.company_id.id)])
                )

    def test_bureau_writes_nothing_and_statistics_are_read_only_for_all(self):
        stat = self.stats[:1]
        for user in (self.city_user, self.district_user, self.manager_a):
            env = self.as_web(user)
            with self.subTest(user=user.login):
                for model in STAT_MODELS:
                    with self.assertRaises(AccessError):
                        env[model].create({"venue_id": self.venue_a.id, "date": DAY1})
                with self.assertRaises(AccessError):
                    env["sports.venue.stat"].browse(stat.id).write({"entries": 1})
                with self.assertRaises(AccessError):
                    env["sports.venue.stat"].browse(stat.id).unlink()
                with self.assertRaises(AccessError):
                    env["sports.compliance"].browse(self.compliance[0].id).write({"state": "ok"})
        env = self.as_web(self.city_user)
        with self.assertRaises(AccessError):
            env["sports.venue"].browse(self.venue_a.id).write({"name": "x"})
        with self.assertRaises(AccessError):
            env["sports.region"].browse(self.r_district_a.id).write({"population": 1})
        self.assertEqual(stat.entries, 400)

    def test_bureau_has_no_access_to_personal_data(self):
        Access = self.env["ir.model.access"].with_user(self.city_user)
        for model in PERSONAL_MODELS:
            if model in self.env:
                with self.subTest(model=model):
                    self.assertFalse(Access.check(model, "read", raise_exception=False))
                    with self.assertRaises(AccessError):
                        self.as_web(self.city_user)[model].search([], limit=1)
        customer = self.env["res.partner"].create({"name": "张三", "phone": "13800138000"})
        partners = self.as_web(self.city_user)["res.partner"]
        self.assertFalse(partners.search([("id", "=", customer.id)]))
        with self.assertRaises(AccessError):
            partners.browse(customer.id).read(["phone"])
        # Companies' and users' partners stay readable: the UI needs them.
        self.assertEqual(
            partners.browse(self.operator_a.partner_id.id).name, self.operator_a.partner_id.name
        )
        self.assertEqual(partners.browse(self.manager_a.partner_id.id).name, self.manager_a.name)

    def test_bureau_menus_hold_statistics_not_cards_bookings_or_access_log(self):
        menus = self.env["ir.ui.menu"].with_user(self.city_user)._visible_menu_ids()
        hidden = [
            "sports_access.menu_sports_access_event",
            "sports_access.menu_sports_access_daily",
            "sports_access.menu_sports_access_credential",
            "sports_access.menu_sports_access_entitlement",
            "sports_booking.menu_sports_booking",
            "sports_booking.menu_arena_bookings",
            "sports_membership.menu_arena_cards",
        ]
        for xmlid in hidden:
            menu = self.env.ref(xmlid, raise_if_not_found=False)
            if menu:
                self.assertNotIn(menu.id, menus, xmlid)
        for xmlid in (
            "sports_regulatory.menu_sports_venue_stat_region",
            "sports_regulatory.menu_sports_regulatory_report",
            "sports_regulatory.menu_sports_venue_missing_region",
        ):
            self.assertIn(self.env.ref(xmlid).id, menus, xmlid)
        manager_menus = self.env["ir.ui.menu"].with_user(self.manager_a)._visible_menu_ids()
        self.assertIn(self.env.ref("sports_booking.menu_sports_booking").id, manager_menus)

    def test_rules_follow_a_change_of_the_hierarchy(self):
        env = self.as_web(self.district_user)
        Stat = env["sports.venue.stat"]
        self.assertIn(self.venue_a, Stat.search([]).venue_id)
        # Operator A moves to district B: district A's bureau loses it at once (the
        # cached rule domains are dropped) and district B's gains it.
        self.operator_a.write(
            {"bureau_parent_id": self.district_b.id, "region_id": self.r_district_b.id}
        )
        self.assertNotIn(self.venue_a, Stat.search([]).venue_id)
        self.assertEqual(Stat.search([]).venue_id, self.venue_a2)
        with self.assertRaises(AccessError):
            env["sports.venue"].browse(self.venue_a.id).read(["name"])
        other = self._bureau_user("reg_bureau_b", self.district_b)
        self.assertIn(self.venue_a, self.as_web(other)["sports.venue.stat"].search([]).venue_id)
        # A new operator under district A, with a statistics row, is seen at once.
        new = self.env["res.company"].create(
            {
                "name": "T Operator A3",
                "arena_role": "operator",
                "bureau_parent_id": self.district_a.id,
                "region_id": self.r_district_a.id,
            }
        )
        venue = self.env["sports.venue"].create(
            {"name": "Venue A3", "code": "VA3", "company_id": new.id}
        )
        self.env["sports.venue.stat"].create(
            {"venue_id": venue.id, "company_id": new.id, "date": DAY1, "entries": 3}
        )
        self.assertIn(venue, Stat.search([]).venue_id)

    def test_missing_region_filter_lists_the_venues_without_a_code(self):
        env = self.as_web(self.city_user)
        action = env["ir.actions.act_window"]._for_xml_id(
            "sports_regulatory.sports_venue_action_missing_region"
        )
        venues = env["sports.venue"].search(safe_eval(action["domain"]))
        self.assertIn(self.venue_n, venues)
        self.assertNotIn(self.venue_a, venues)
        stats = env["sports.venue.stat"].search([("region_id", "=", False)])
        self.assertEqual(stats.venue_id & self.stats.venue_id, self.venue_n)

    def test_bureau_opens_the_region_pivot_and_the_venue_form(self):
        env = self.as_web(self.city_user)
        Stat = env["sports.venue.stat"]
        views = Stat.get_views(
            [(False, "pivot"), (False, "graph"), (False, "list"), (False, "search")]
        )
        self.assertIn("missing_region", views["views"]["search"]["arch"])
        action = env["ir.actions.act_window"]._for_xml_id(
            "sports_regulatory.sports_venue_stat_action_region"
        )
        context = safe_eval(action["context"])
        self.assertEqual(context["pivot_row_groupby"], ["city_id", "district_id"])
        self.assertEqual(context["pivot_column_groupby"], ["date:month"])
        # What the pivot asks for, grouped by city, district and month.
        groups = Stat.formatted_read_group(
            [("id", "in", self.stats.ids)],
            ["city_id", "district_id", "date:month"],
            ["entries:sum"],
        )
        totals = {}
        for group in groups:
            key = tuple(group[name] and group[name][0] for name in ("city_id", "district_id"))
            totals[key] = totals.get(key, 0) + group["entries:sum"]
        self.assertEqual(totals[(self.r_city.id, self.r_district_a.id)], 700 + 9000)
        self.assertEqual(totals[(self.r_city.id, self.r_district_b.id)], 1000)
        self.assertEqual(totals[(False, False)], 50, "the venue without a region is its own group")
        form = env["sports.venue"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("action_print_sports_self_report", form)
        self.assertEqual(
            env["sports.venue"].browse(self.venue_b.id).read(["name"])[0]["name"], "Venue B"
        )
