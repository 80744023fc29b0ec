import logging

from odoo import Command, api, models

_logger = logging.getLogger(__name__)

# The chart of the demo operators: l10n_cn's 小企业会计准则 (Accounting Standards for Small
# Business Enterprises).
DEMO_CHART = "cn"

# Companies that Odoo's own demo data creates and that the Arena demo has no use for:
# l10n_us_account's US company (base demo makes the main company American, so Odoo
# auto-installs the US localisation), stock's second warehouse company, and l10n_cn's two
# sample companies.
STRAY_COMPANIES = (
    "l10n_us.demo_company_us",
    "stock.res_company_1",
    "base.demo_company_cn",
    "base.demo_asbe_company_cn",
)


class ResCompany(models.Model):
    _inherit = "res.company"

    @api.model
    def _arena_demo_cn_books(self):
        """Demo data: the Arena operators keep their books in CNY on l10n_cn.

        Odoo's ``account`` demo loads its generic chart (in USD, with sample entries) on
        the main company. This runs right after it, before any Arena addon creates its
        accounts or entries: it loads l10n_cn on every operator instead (for a company
        with entries Odoo removes them first, as when it installs demo data), puts the
        other demo companies in CNY, and retires the companies Odoo's demo data leaves
        behind. Without l10n_cn it changes nothing.
        """
        l10n_cn = self.env["ir.module.module"].search(
            [("name", "=", "l10n_cn"), ("state", "=", "installed")]
        )
        if not l10n_cn:
            _logger.warning("l10n_cn is not installed: the demo companies keep their chart.")
            return
        booked = self.env["ir.module.module"].search(
            [
                ("name", "=like", "sports\\_%"),
                ("name", "not in", ("sports_venue", "sports_demo_cn")),
                ("state", "=", "installed"),
            ]
        )
        if booked:
            # An existing database: the Arena addons have posted entries already, and
            # loading a chart now would remove them.
            _logger.warning("Arena addons are installed already: the demo keeps its charts.")
            return
        china = self.env.ref("base.cn")
        yuan = self.env.ref("base.CNY")
        yuan.active = True
        main = self.env.ref("base.main_company")
        operators = main | self.search([("arena_role", "=", "operator")])
        strays = self.browse(
            company.id
            for xmlid in STRAY_COMPANIES
            if (company := self.env.ref(xmlid, raise_if_not_found=False))
        )
        Chart = self.env["account.chart.template"]
        todo = operators.filtered(
            lambda c: c.chart_template != DEMO_CHART or c.currency_id != yuan
        ) | strays.filtered(lambda c: c.currency_id != yuan)
        (operators | strays).partner_id.country_id = china
        for company in todo:
            # install_demo=True makes Odoo remove the company's previous accounting
            # (the generic chart and its sample entries) before it loads l10n_cn; only
            # then may the currency change. The main company gets Odoo's sample entries
            # back, in CNY.
            # _load rather than try_loading: this runs while the registry loads, which
            # try_loading warns about; the template and company are known good here.
            Chart._load(DEMO_CHART, company, install_demo=company.root_id._existing_accounting())
        # Every other demo company (the sports bureaus) is Chinese too.
        others = self.search([("id", "not in", (operators | strays).ids)])
        others.filtered(lambda c: c.currency_id != yuan).currency_id = yuan
        self.env["product.pricelist"].with_context(active_test=False).search(
            [("currency_id", "!=", yuan.id)]
        ).currency_id = yuan
        self._arena_demo_retire(strays, main)
        # account, when it was installed, planned to load the chart it guessed then (the
        # generic one) on the main company once the registry is ready; the demo chose
        # l10n_cn, so that plan is dropped.
        if hasattr(self.env.registry, "_auto_install_template"):
            del self.env.registry._auto_install_template

    @api.model
    def _arena_demo_retire(self, companies, fallback):
        """Archive ``companies`` and take them off every user, whose company becomes
        ``fallback`` where it was one of them."""
        if not companies:
            return
        users = (
            self.env["res.users"]
            .with_context(active_test=False)
            .search([("company_ids", "in", companies.ids)])
        )
        for user in users:
            vals = {"company_ids": [Command.unlink(company.id) for company in companies]}
            if user.company_id in companies:
                vals["company_id"] = fallback.id
                vals["company_ids"].insert(0, Command.link(fallback.id))
            user.write(vals)
        companies.write({"active": False})
        companies.partner_id.active = False
