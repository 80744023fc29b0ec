from odoo import fields, models
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

CLEARING_NAME = _lt("Member card top-ups and deposits at the POS (clearing)")


class ResCompany(models.Model):
    _inherit = "res.company"

    card_pos_clearing_account_id = fields.Many2one(
        comodel_name="account.account",
        string="POS Card Top-up Clearing Account",
        help="The POS books the money of card top-ups and card deposits here when a session "
        "closes; the card ledger books it from here onto the card liability and deposit "
        "accounts. Reconciled at each session close, so it stays at zero.",
    )

    def _sports_pos_clearing_account(self):
        """The company's POS top-up clearing account, created the first time it is needed."""
        self.ensure_one()
        # sudo: cashiers sell top-ups without accounting rights; the account is the
        # company's own bookkeeping, created once with a fixed name and type.
        company = self.sudo()
        if not company.card_pos_clearing_account_id:
            company.card_pos_clearing_account_id = company._arena_account_create(
                "pos_topup_clearing", CLEARING_NAME, "asset_current", reconcile=True
            )
        return company.card_pos_clearing_account_id.sudo(False)
