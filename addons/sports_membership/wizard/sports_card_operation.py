import uuid

from odoo import _, api, fields, models
from odoo.exceptions import UserError

OPERATIONS = [
    ("topup", "Top up"),
    ("charge", "Charge"),
    ("replace", "Replace lost card"),
    ("transfer", "Transfer"),
    ("refund", "Refund"),
    ("adjust", "Adjust"),
]


class SportsCardOperation(models.TransientModel):
    _name = "sports.card.operation"
    _description = "Member Card Operation"

    card_id = fields.Many2one(comodel_name="sports.card", required=True, ondelete="cascade")
    currency_id = fields.Many2one(related="card_id.currency_id")
    operation = fields.Selection(selection=OPERATIONS, required=True)
    amount = fields.Monetary()
    payment_ref = fields.Char(string="Payment Reference")
    company_id = fields.Many2one(related="card_id.company_id")
    journal_id = fields.Many2one(
        comodel_name="account.journal",
        string="Paid Into",
        domain="[('type', 'in', ('cash', 'bank')), ('company_id', '=', company_id)]",
        compute="_compute_journal_id",
        store=True,
        readonly=False,
        help="The cash box or bank account the member's money went into: the top-up is "
        "debited to its account, so the money is where the books say it is.",
    )
    new_uid = fields.Char(string="New Card UID")
    partner_id = fields.Many2one(comodel_name="res.partner", string="New Holder")
    uses = fields.Integer(string="Entries")
    bonus = fields.Monetary()
    reason = fields.Char()
    idempotency_key = fields.Char(
        required=True,
        default=lambda self: str(uuid.uuid4()),
        help="Sent once per wizard: submitting the same wizard twice does nothing more.",
    )
    refund_preview = fields.Monetary(compute="_compute_refund_preview", string="Paid Back")

    @api.depends("card_id", "operation")
    def _compute_journal_id(self):
        for wizard in self:
            if wizard.operation != "topup" or wizard.journal_id:
                continue
            wizard.journal_id = self.env["account.journal"].search(
                [("type", "=", "cash"), ("company_id", "=", wizard.card_id.company_id.id)],
                limit=1,
            )

    @api.depends("card_id", "operation")
    def _compute_refund_preview(self):
        for wizard in self:
            card = wizard.card_id
            fee = card.currency_id.round(card.balance_paid * card.type_id.refund_fee_percent / 100)
            wizard.refund_preview = card.balance_paid - fee + card.deposit_balance

    def action_apply(self):
        """Run the operation through the card API (readme/USAGE.md) with the wizard's key."""
        self.ensure_one()
        card, key = self.card_id, self.idempotency_key
        if self.operation == "topup":
            account = self.journal_id.default_account_id
            if not account:
                raise UserError(_("Choose the cash box or bank account the money was paid into."))
            card.topup(self.amount, key, ref=self.payment_ref, counterpart_account=account)
        elif self.operation == "charge":
            card.charge(self.amount, key, ref=self.payment_ref)
        elif self.operation == "replace":
            new = card.replace(self.new_uid)
            return {
                "type": "ir.actions.act_window",
                "res_model": "sports.card",
                "res_id": new.id,
                "view_mode": "form",
            }
        elif self.operation == "transfer":
            card.transfer(self.partner_id)
        elif self.operation == "refund":
            card.refund(key)
        elif self.operation == "adjust":
            card.adjust(self.reason, key, paid=self.amount, bonus=self.bonus, uses=self.uses)
        return {"type": "ir.actions.act_window_close"}
