from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestSkeleton(TransactionCase):
    def test_bureau_reads_the_companies_below_it(self):
        bureau = self.env.ref("sports_venue.user_bureau_nanjing", raise_if_not_found=False)
        if not bureau:
            self.skipTest("needs the demo bureau")
        companies = bureau.sports_stat_company_ids
        self.assertIn(bureau.company_id, companies)
        self.assertIn(self.env.ref("base.main_company"), companies)
