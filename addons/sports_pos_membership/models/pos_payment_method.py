from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.sports_venue.tools import inputs

from .sports_card import LOOKUP_LIMIT

TERMINAL = "sports_card"


class PosPaymentMethod(models.Model):
    _inherit = "pos.payment.method"

    def _get_payment_terminal_selection(self):
        return [*super()._get_payment_terminal_selection(), (TERMINAL, self.env._("Member Card"))]

    # ------------------------------------------------------------------ set-up

    @api.model
    def _sports_card_clearing_account_create(self, company):
        """A reconcilable "member card payments" account of ``company``, the method's
        receivable: the session debits it with the card payments, the card ledger credits
        it with the charges, and the session close reconciles both."""
        return company._arena_account_create(
            "pos_card_clearing",
            self.env._("Member card payments"),
            "asset_receivable",
            reconcile=True,
        )

    @api.model
    def _sports_card_payment_method(self, company):
        """The member card payment method of ``company``, created with its clearing
        account when missing."""
        method = self.search(
            [("use_payment_terminal", "=", TERMINAL), ("company_id", "=", company.id)], limit=1
        )
        if method:
            return method
        company._arena_card_accounting()
        # sudo: set-up on install or for a new company; payment methods are managers' records.
        return (
            self.sudo()
            .create(
                {
                    "name": self.env._("Member Card"),
                    "payment_method_type": "terminal",
                    "use_payment_terminal": TERMINAL,
                    "journal_id": False,
                    "receivable_account_id": self._sports_card_clearing_account_create(company).id,
                    "company_id": company.id,
                }
            )
            .sudo(False)
        )

    @api.model
    def _sports_card_setup(self):
        """Install: a card payment method for every company with a chart of accounts,
        and on the demo front desk."""
        for company in self.env["res.company"].search([]):
            if not company.chart_template:
                continue
            method = self._sports_card_payment_method(company)
            desk = self.env.ref("sports_pos.pos_config_front_desk", raise_if_not_found=False)
            if (
                desk
                and desk.company_id == company
                and method not in desk.payment_method_ids
                # A desk's methods change only while it is closed.
                and not desk.has_active_session
            ):
                desk.payment_method_ids = [fields.Command.link(method.id)]

    # ------------------------------------------------------------------ the desk's lookup

    def sports_card_lookup(self, config_id, code=None, partner_id=None, amount=None):
        """Member cards for the desk's card dialog: the card whose number or UID is
        ``code``, or the cards of the customer ``partner_id``.

        Returns, per card, its number, holder, balance, state and ``refusal``: why it
        cannot pay ``amount`` at this desk now (the server checks again when it accepts
        the order). Reads only; debits nothing.
        """
        self.ensure_one()
        if self.use_payment_terminal != TERMINAL:
            raise UserError(
                self.env._("%(method)s is not a member card payment.", method=self.name)
            )
        config = inputs.record(
            self.env, "pos.config", config_id, self.env._("The desk"), required=True
        )
        config.check_access("read")
        code = inputs.text(self.env, code, self.env._("The card number or UID"), max_length=128)
        partner = inputs.record(self.env, "res.partner", partner_id, self.env._("The customer"))
        if amount is not None:
            amount = inputs.amount(self.env, amount, self.env._("The amount"))
        self.env["sports.card"]._sports_pos_check_staff()
        if not code and not partner:
            raise UserError(self.env._("Scan the member card, or choose the customer first."))
        Card = self.env["sports.card"]
        if code:
            cards = Card._sports_pos_match(code, config.company_id)
        else:
            cards = Card.search(
                [
                    ("partner_id", "=", partner.id),
                    ("company_id", "=", config.company_id.id),
                    ("kind", "=", "stored_value"),
                    ("state", "in", ("active", "frozen")),
                ],
                limit=LOOKUP_LIMIT,
            )
        cards.check_access("read")
        return [self._sports_card_info(card, config, amount) for card in cards]

    def _sports_card_info(self, card, config, amount=None):
        """What the desk shows of ``card``, and why it cannot pay ``amount`` at ``config``."""
        try:
            self._sports_card_precheck(card, config, amount)
            refusal = False
        except UserError as error:
            refusal = error.args[0]
        return {
            "id": card.id,
            "name": card.name,
            "holder": card.partner_id.name,
            "partner_id": card.partner_id.id,
            "type": card.type_id.name,
            "state": card.state,
            "balance": card.balance_total,
            "balance_paid": card.balance_paid,
            "balance_bonus": card.balance_bonus,
            "refusal": refusal,
        }

    @api.model
    def _sports_card_precheck(self, card, config, amount=None):
        """The checks of ``sports.card.charge`` the desk can make before the order is
        sent: state and dates, kind, venue scope and balance. Space and sport scopes
        depend on the lines and are checked by the server when it charges."""
        card._check_usable()
        if card.kind != "stored_value":
            raise UserError(self.env._("Card %(card)s holds no money to pay with.", card=card.name))
        venues = card.type_id.venue_ids
        if venues and config.sports_venue_id not in venues:
            raise UserError(
                self.env._(
                    "Card %(card)s is not valid at %(venue)s.",
                    card=card.name,
                    venue=config.sports_venue_id.display_name or config.name,
                )
            )
        if amount and card.currency_id.compare_amounts(amount, card.balance_total) > 0:
            raise UserError(
                self.env._(
                    "Card %(card)s holds %(balance).2f, less than %(amount).2f. Top it up first.",
                    card=card.name,
                    balance=card.balance_total,
                    amount=amount,
                )
            )
