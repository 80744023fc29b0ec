"""What a member owes for a stored-value entry that the card could not pay.

An entry a proxy admitted offline is charged when it is uploaded. When the card was
spent elsewhere meanwhile, the charge would make its balance negative: the entry is
then invoiced to the card holder instead (a posted customer invoice, a receivable in
Odoo's accounting) and this record links the card, the entry and the invoice. While it
is open, the card's gate pass owes an entry and no gate admits it; paying the invoice
closes it and opens the gates again.
"""

import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

_logger = logging.getLogger(__name__)

PAID_STATES = ("paid", "in_payment")


class SportsCardArrear(models.Model):
    _name = "sports.card.arrear"
    _description = "Unpaid Stored-value Gate Entry"
    _order = "id desc"
    _rec_name = "name"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True)
    card_id = fields.Many2one(
        comodel_name="sports.card",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Member",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
        help="Who owes the entry: the card holder, the customer of the invoice.",
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    event_id = fields.Many2one(
        comodel_name="sports.access.event",
        string="Entry",
        required=True,
        readonly=True,
        ondelete="restrict",
    )
    point_id = fields.Many2one(related="event_id.point_id")
    entry_at = fields.Datetime(related="event_id.device_time", string="Entered At")
    amount = fields.Monetary(required=True, readonly=True)
    invoice_id = fields.Many2one(
        comodel_name="account.move",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
        copy=False,
    )
    state = fields.Selection(
        [("open", "Open"), ("paid", "Paid"), ("cancelled", "Cancelled")],
        compute="_compute_state",
        store=True,
        index=True,
        help="Open until the invoice is paid; an open arrear blocks the card at the gates.",
    )
    note = fields.Char(readonly=True, help="Why the card could not pay the entry.")

    _event_unique = models.Constraint("UNIQUE(event_id)", "This entry already has an arrear.")
    _amount_positive = models.Constraint("CHECK(amount > 0)", "An arrear is more than zero.")

    @api.depends("invoice_id.payment_state", "invoice_id.state")
    def _compute_state(self):
        for arrear in self:
            invoice = arrear.invoice_id
            if invoice.state == "cancel" or invoice.payment_state == "reversed":
                arrear.state = "cancelled"
            elif invoice.payment_state in PAID_STATES:
                arrear.state = "paid"
            else:
                arrear.state = "open"

    @api.model
    def _owing_cards(self, cards):
        """The ids of ``cards`` that owe an entry."""
        # sudo: the gates' view of a card follows its arrears, whoever syncs it.
        groups = self.sudo()._read_group(
            [("card_id", "in", cards.ids), ("state", "=", "open")], ["card_id"]
        )
        return {card.id for (card,) in groups}

    @api.model
    def _open(self, card, event, amount, note):
        """Invoice an entry that ``card`` could not pay and block the card until it is."""
        vals = {
            "name": _(
                "%(card)s at %(point)s",
                card=card.name,
                point=event.point_id.display_name,
            ),
            "card_id": card.id,
            "partner_id": card.partner_id.id,
            "company_id": card.company_id.id,
            "event_id": event.id,
            "amount": amount,
            "note": (note or "")[:500],
        }
        # sudo: arrears are written by the gate's upload, never by hand.
        arrear = self.sudo().create(vals)
        try:
            with self.env.cr.savepoint():
                arrear._invoice()
        except UserError as error:
            # An accounting without a sales journal must not stop the upload: the arrear
            # still blocks the card, and says why it has no invoice.
            _logger.warning("Arrear %s not invoiced: %s", arrear.id, error.args[0])
            arrear.note = f"{arrear.note}; not invoiced: {error.args[0]}"[:500]
        card._access_sync()
        return arrear

    def _invoice(self):
        """Post a customer invoice of the entry: the member's receivable."""
        product = self.env.ref("sports_access_membership.product_gate_entry")
        for arrear in self:
            company = arrear.company_id
            # sudo: the gate's upload bills the entry whatever the proxy user may do in
            # accounting; the invoice is the company's own.
            Move = self.env["account.move"].sudo().with_company(company)
            invoice = Move.create(
                {
                    "move_type": "out_invoice",
                    "partner_id": arrear.partner_id.id,
                    "company_id": company.id,
                    "currency_id": company.currency_id.id,
                    "invoice_date": self.env["sports.card"]._today(),
                    "ref": arrear.name,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "name": _(
                                    "Gate entry of card %(card)s at %(point)s on %(at)s",
                                    card=arrear.card_id.name,
                                    point=arrear.event_id.point_id.display_name,
                                    at=arrear.event_id.device_time,
                                ),
                                "quantity": 1,
                                "price_unit": arrear.amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
            invoice.action_post()
            arrear.sudo().invoice_id = invoice
