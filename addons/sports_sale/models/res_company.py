from odoo import fields, models

# Where Arena's own accounts go in a company's chart: the code the search for a free code
# starts from (the first free code strictly after it), per chart template, "default" for
# every other chart. Arena forces no chart: on any chart it creates its accounts; on
# Odoo's Chinese charts (l10n_cn: "cn" is 小企业会计准则, "cn_large_bis" 企业会计准则) they
# become sub-accounts of the natural parent account, see docs/architecture.md.
ACCOUNT_CODES = {
    # Money paid onto member cards and not yet spent: 2203 预收账款 (advances from customers).
    "card_liability": {"default": "2205", "cn": "2203.00", "cn_large_bis": "2203.00"},
    # Deposits held for physical cards and for rented items: 2241 其他应付款 (other payables).
    "card_deposit": {"default": "2241", "cn": "2241.00", "cn_large_bis": "2241.00"},
    "rental_deposit": {"default": "2242", "cn": "2241.00", "cn_large_bis": "2241.00"},
    # Card revenue and the bonus discount against it: 主营业务收入 (5001 small, 6001 large).
    "card_revenue": {"default": "6001", "cn": "5001.00", "cn_large_bis": "6001.00"},
    "card_bonus_discount": {"default": "6061", "cn": "5001.00", "cn_large_bis": "6001.00"},
    # The fee kept when a card is refunded: 其他业务收入 (5051 small, 6051 large).
    "card_refund_fee": {"default": "6051", "cn": "5051.00", "cn_large_bis": "6051.00"},
    # Card top-ups and deposits taken at the POS, cleared at each session close:
    # 1221 其他应收款 (other receivables).
    "pos_topup_clearing": {"default": "1229", "cn": "1221.00", "cn_large_bis": "1221.00"},
    # Card payments at the POS, cleared by the card ledger: 1122 应收账款 (receivables).
    "pos_card_clearing": {"default": "1128", "cn": "1122.01", "cn_large_bis": "1122.01"},
    # Money collected at the POS on behalf of merchant stalls (代收商户款), cleared by each
    # settlement's vendor bill: 2241 其他应付款 (other payables).
    "stall_collections": {"default": "2243", "cn": "2241.00", "cn_large_bis": "2241.00"},
    # The operator's commission, rent and fees charged to the stalls: 其他业务收入.
    "stall_charges": {"default": "6052", "cn": "5051.00", "cn_large_bis": "6051.00"},
    # Voucher discounts granted at an operator's venues and claimed back from the bureau
    # (应收补贴): 1221 其他应收款, cleared by the subsidy invoice to the bureau.
    "voucher_clearing": {"default": "1231", "cn": "1221.00", "cn_large_bis": "1221.00"},
    # The voucher subsidies a bureau pays to the venues: 管理费用 (5602 small, 6602 large).
    "voucher_subsidy": {"default": "6603", "cn": "5602.00", "cn_large_bis": "6602.00"},
}


class ResCompany(models.Model):
    _inherit = "res.company"

    def _arena_account_create(self, key, name, account_type, reconcile=False):
        """Create the company's Arena account ``key`` (see ``ACCOUNT_CODES``) at the first
        free code of its place in the company's chart, whatever the chart."""
        self.ensure_one()
        codes = ACCOUNT_CODES[key]
        start = codes.get(self.root_id.chart_template) or codes["default"]
        # sudo: Arena creates its accounts for cashiers and managers without accounting
        # rights, once per company, with a fixed name, type and place in the chart.
        Account = self.env["account.account"].sudo().with_company(self)
        return Account.create(
            {
                "name": str(name),
                "code": Account._search_new_account_code(start),
                "account_type": account_type,
                "reconcile": reconcile,
                "company_ids": [fields.Command.set(self.ids)],
            }
        )

    def _arena_online_payment_available(self, partner):
        """Whether a payment provider of the company can take an online payment of
        ``partner`` now: one is enabled (or in test mode) and offers a payment method."""
        self.ensure_one()
        # sudo: portal users may not read providers; the page only learns whether one
        # exists, exactly as the order's checkout would find it.
        providers = (
            self.env["payment.provider"]
            .sudo()
            ._get_compatible_providers(self.id, partner.id, 0.0, currency_id=self.currency_id.id)
        )
        methods = (
            self.env["payment.method"]
            .sudo()
            ._get_compatible_payment_methods(
                providers.ids, partner.id, currency_id=self.currency_id.id
            )
        )
        return bool(methods)
