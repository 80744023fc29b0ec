from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import clean_context

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

MOVE_KINDS = [
    ("topup", "Top-up"),
    ("bonus", "Bonus"),
    ("spend", "Spend"),
    ("spend_refund", "Spend Refund"),
    ("refund", "Refund"),
    ("adjustment", "Adjustment"),
    ("deposit_in", "Deposit In"),
    ("deposit_out", "Deposit Out"),
    ("use", "Use"),
    ("expiry", "Expiry"),
    ("freeze", "Freeze"),
    ("unfreeze", "Unfreeze"),
    ("replace", "Replacement"),
    ("transfer", "Transfer"),
    ("renewal", "Renewal"),
]
# The kinds of the hot path, posted by the batch (sports_card_move_batch.py); the others
# are posted with their move.
BATCHED_KINDS = ("spend", "spend_refund")


class SportsCardMove(models.Model):
    """The append-only ledger of member cards.

    Nobody has the right to create, write or delete moves (security/ir.model.access.csv):
    ``sports.card._ledger`` appends them in superuser mode under the card lock, and even
    then a move is never changed, except for linking its journal entry once.
    """

    _name = "sports.card.move"
    _description = "Member Card Ledger Move"
    _order = "moved_at desc, id desc"
    _rec_name = "idempotency_key"

    card_id = fields.Many2one(
        comodel_name="sports.card",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
    )
    card_type_id = fields.Many2one(
        comodel_name="sports.card.type", required=True, index=True, readonly=True
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, index=True, readonly=True
    )
    partner_id = fields.Many2one(related="card_id.partner_id", string="Holder")
    currency_id = fields.Many2one(related="company_id.currency_id")
    kind = fields.Selection(selection=MOVE_KINDS, required=True, readonly=True, index=True)
    amount_paid = fields.Monetary(readonly=True, help="Change of the paid balance.")
    amount_bonus = fields.Monetary(readonly=True, help="Change of the bonus balance.")
    amount_total = fields.Monetary(
        compute="_compute_amount_total", store=True, help="Change of the paid and bonus balances."
    )
    uses = fields.Integer(string="Entries", readonly=True, help="Change of the remaining entries.")
    amount_deposit = fields.Monetary(string="Deposit", readonly=True, help="Change of the deposit.")
    fee_amount = fields.Monetary(string="Fee", readonly=True, help="Fee kept on a refund.")
    ref = fields.Char(string="Source Document", readonly=True)
    res_model = fields.Char(string="Source Model", readonly=True)
    res_id = fields.Many2oneReference(string="Source Id", model_field="res_model", readonly=True)
    note = fields.Char(readonly=True)
    user_id = fields.Many2one(
        comodel_name="res.users", default=lambda self: self.env.user, readonly=True, required=True
    )
    moved_at = fields.Datetime(
        string="Time", default=fields.Datetime.now, required=True, readonly=True
    )
    date = fields.Date(
        default=lambda self: self.env["sports.card"]._today(),
        required=True,
        readonly=True,
        index=True,
    )
    idempotency_key = fields.Char(required=True, readonly=True, index=True)
    counterpart_account_id = fields.Many2one(
        comodel_name="account.account",
        string="Clearing Account",
        readonly=True,
        help="The clearing account a POS spend or top-up was posted against, if any.",
    )
    revenue_account_id = fields.Many2one(
        comodel_name="account.account",
        readonly=True,
        help="The revenue account a spend was posted to when the caller chose one.",
    )
    account_move_id = fields.Many2one(
        comodel_name="account.move", string="Journal Entry", readonly=True, index="btree_not_null"
    )
    accounting_pending = fields.Boolean(
        string="Awaiting Posting",
        readonly=True,
        help="A spend whose journal entry the card accounting batch has yet to post.",
    )

    _key_unique = models.Constraint(
        "UNIQUE(company_id, idempotency_key)", "This idempotency key was already used."
    )
    # A move awaiting the batch has no entry yet; the batch links one and clears the flag
    # in the same statement, so a move is posted once or never.
    _pending_unposted = models.Constraint(
        "CHECK(NOT accounting_pending OR account_move_id IS NULL)",
        "A card move awaiting posting cannot have a journal entry yet.",
    )
    _pending_index = models.Index("(company_id, date) WHERE accounting_pending")

    @api.depends("amount_paid", "amount_bonus")
    def _compute_amount_total(self):
        for move in self:
            move.amount_total = move.amount_paid + move.amount_bonus

    @api.model_create_multi
    def create(self, vals_list):
        cards = self.env["sports.card"].browse([vals["card_id"] for vals in vals_list])
        for vals, card in zip(vals_list, cards, strict=True):
            vals["company_id"] = card.company_id.id
            vals["card_type_id"] = card.type_id.id
        return super().create(vals_list)

    def write(self, vals):
        # The ledger links the journal entry it has just posted, once, in superuser mode.
        linking = set(vals) == {"account_move_id"} and self.env.su and not self.account_move_id
        if not linking and not self.env.context.get(MODULE_UNINSTALL_FLAG):
            raise UserError(_("The card ledger is append-only: record a new move instead."))
        return super().write(vals)

    def unlink(self):
        if not self.env.context.get(MODULE_UNINSTALL_FLAG):
            raise UserError(_("The card ledger is append-only: record a new move instead."))
        return super().unlink()

    def _post_accounting(self, revenue_account=None, counterpart_account=None):
        """Post the journal entry of each move that moves money (see DESCRIPTION.md).

        Spends and their refunds are not posted here: they wait for the batch
        (``sports_card_move_batch.py``)."""
        for move in self:
            if move.accounting_pending:
                continue
            lines = move._accounting_lines(revenue_account, counterpart_account)
            if not lines:
                continue
            company = move.company_id._arena_card_accounting()
            # Cashiers operate cards without accounting rights; the entry mirrors a move
            # that the ledger has just validated under the card lock.
            entry = (
                self.env["account.move"]
                .with_context(clean_context(self.env.context))
                .sudo()
                .with_company(company)
                .create(
                    {
                        "move_type": "entry",
                        "journal_id": company.card_journal_id.id,
                        "date": move.date,
                        "ref": f"{move.card_id.name} {move.ref or move.kind}",
                        "line_ids": [
                            fields.Command.create(
                                {
                                    "account_id": account.id,
                                    "partner_id": move.card_id.partner_id.id,
                                    "name": move.ref or move.card_id.name,
                                    "debit": balance if balance > 0 else 0.0,
                                    "credit": -balance if balance < 0 else 0.0,
                                }
                            )
                            for account, balance in lines
                        ],
                    }
                )
            )
            entry.action_post()
            # sudo: linking the entry is the ledger's own bookkeeping, not a user's edit.
            move.sudo().write({"account_move_id": entry.id})

    def _moves_money(self, counterpart_account=None):
        """Whether this move has a journal entry to post."""
        self.ensure_one()
        clearing = counterpart_account if self.kind in ("spend", "spend_refund") else None
        return bool(self.amount_paid or self.amount_deposit or (clearing and self.amount_bonus))

    def _accounting_lines(self, revenue_account=None, counterpart_account=None):
        """``(account, balance)`` pairs of this move's entry; balance > 0 is a debit."""
        self.ensure_one()
        company = self.company_id
        clearing = counterpart_account if self.kind in ("spend", "spend_refund") else None
        if not self._moves_money(counterpart_account):
            return []
        company = company._arena_card_accounting()
        cash = company.card_payment_journal_id.default_account_id
        revenue = revenue_account or company.card_revenue_account_id
        paid, deposit = self.amount_paid, self.amount_deposit
        lines = []
        if self.kind == "refund":
            payout = -paid - self.fee_amount
            lines = [
                (company.card_liability_account_id, -paid),
                (cash, -payout),
                (company.card_refund_fee_account_id, -self.fee_amount),
            ]
        elif self.kind in ("deposit_in", "deposit_out"):
            # A deposit paid with an order was booked as cash by the order's payment.
            lines = [
                (company.card_deposit_account_id, -deposit),
                (counterpart_account or cash, deposit),
            ]
        elif self.kind == "topup":
            lines = [
                (company.card_liability_account_id, -paid),
                (counterpart_account or cash, paid),
            ]
        elif clearing:
            # A POS sale books its full revenue; the card pays it through the clearing
            # account: paid money from the liability, bonus as a discount.
            bonus = self.amount_bonus
            lines = [
                (company.card_liability_account_id, -paid),
                (company.card_bonus_discount_account_id, -bonus),
                (clearing, paid + bonus),
            ]
        elif self.kind in ("spend", "spend_refund", "adjustment", "expiry"):
            lines = [(company.card_liability_account_id, -paid), (revenue, paid)]
        # "replace" carries balances between two cards of one type: nothing to post.
        return [
            (account, balance) for account, balance in lines if company.currency_id.round(balance)
        ]
