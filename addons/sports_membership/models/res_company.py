from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

# (field, place in the chart, name, account type): the defaults created when a company has
# none; sports_sale's ACCOUNT_CODES says where each goes in the company's chart.
DEFAULT_ACCOUNTS = (
    (
        "card_liability_account_id",
        "card_liability",
        _lt("Member card balances"),
        "liability_current",
    ),
    ("card_deposit_account_id", "card_deposit", _lt("Member card deposits"), "liability_current"),
    ("card_revenue_account_id", "card_revenue", _lt("Member card revenue"), "income"),
    (
        "card_refund_fee_account_id",
        "card_refund_fee",
        _lt("Member card refund fees"),
        "income_other",
    ),
    (
        "card_bonus_discount_account_id",
        "card_bonus_discount",
        _lt("Member card bonus discounts"),
        "income",
    ),
)


class ResCompany(models.Model):
    _inherit = "res.company"

    card_liability_account_id = fields.Many2one(
        comodel_name="account.account",
        help="Money paid onto member cards and not yet spent.",
    )
    card_deposit_account_id = fields.Many2one(
        comodel_name="account.account",
        help="Deposits held for physical cards.",
    )
    card_revenue_account_id = fields.Many2one(
        comodel_name="account.account",
        help="Revenue recognised when paid card money is spent, adjusted or expires.",
    )
    card_refund_fee_account_id = fields.Many2one(
        comodel_name="account.account",
        help="Income from the fee kept when a card is refunded.",
    )
    card_bonus_discount_account_id = fields.Many2one(
        comodel_name="account.account",
        help="Discount given when bonus card money pays a sale posted against a clearing "
        "account (the POS): the sale's revenue is booked in full, the bonus share here.",
    )
    card_topup_max = fields.Monetary(
        string="Largest Card Top-up",
        currency_field="currency_id",
        default=50000.0,
        help="The most money one top-up may put on a member card, at the desk, over the "
        "API or online. Larger sums are split, or the limit raised here.",
    )
    card_journal_id = fields.Many2one(
        comodel_name="account.journal",
        help="Miscellaneous journal of the member-card entries.",
    )
    card_payment_journal_id = fields.Many2one(
        comodel_name="account.journal",
        string="Card Cash Journal",
        help="Bank or cash journal that receives top-ups and deposits and pays refunds.",
    )

    def _arena_card_accounting(self):
        """Return the company's card accounting, creating what is missing.

        Missing accounts get the next free code at their place in the company's chart
        (``res.company._arena_account_create``); the journal is a miscellaneous journal
        ``CARD``; the cash journal is the company's first cash (else bank) journal.
        """
        self.ensure_one()
        # Card operations are done by cashiers without accounting rights: they may
        # create the company's default card accounts the first time a card is used.
        company = self.sudo()
        vals = {}
        for field, key, name, account_type in DEFAULT_ACCOUNTS:
            if not company[field]:
                vals[field] = company._arena_account_create(key, name, account_type).id
        Journal = self.env["account.journal"].sudo()
        if not company.card_journal_id:
            journal = Journal.search(
                [("company_id", "=", company.id), ("code", "=", "CARD")], limit=1
            )
            vals["card_journal_id"] = (
                journal
                or Journal.create(
                    {
                        "name": _("Member Cards"),
                        "code": "CARD",
                        "type": "general",
                        "company_id": company.id,
                    }
                )
            ).id
        if not company.card_payment_journal_id:
            cash = Journal.search(
                [("company_id", "=", company.id), ("type", "in", ("cash", "bank"))],
                order="type, sequence, id",
                limit=1,
            )
            if not cash:
                raise UserError(
                    _(
                        "%(company)s has no cash or bank journal. Install a chart of accounts "
                        "or set the card cash journal in the company settings.",
                        company=company.name,
                    )
                )
            vals["card_payment_journal_id"] = cash.id
        if vals:
            company.write(vals)
        return company
