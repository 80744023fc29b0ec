"""What the desk's payment code calls check before they lock or write a trade: the
caller, the desk and its method, and every argument (pos_payment_code_trade.py)."""

import math
import uuid

from odoo import api, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_is_zero

MAX_AMOUNT = 10_000_000


class PosPaymentCodeTrade(models.Model):
    # The trade model is split by concern: the trades and their provider calls, and
    # these checks.
    _inherit = "pos.payment.code.trade"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _paycode_check_user(self):
        if not self.env.user.has_group("point_of_sale.group_pos_user"):
            raise AccessError(self.env._("Only POS users take payment codes."))

    @api.model
    def _paycode_check_desk(self, config_id, payment_method_id):
        """The POS config and payment code method the caller works with, checked: the
        caller is a POS user, the config has an open session and takes the method."""
        self._paycode_check_user()
        config_id = self._paycode_check_id(config_id, self.env._("The point of sale"))
        payment_method_id = self._paycode_check_id(
            payment_method_id, self.env._("The payment method")
        )
        config = self.env["pos.config"].browse(config_id).exists()
        if not config:
            raise ValidationError(self.env._("This point of sale does not exist."))
        config.check_access("read")
        if config.company_id not in self.env.companies:
            raise AccessError(self.env._("This point of sale belongs to another company."))
        if config.current_session_id.state != "opened":
            raise UserError(self.env._("Open the register of %(pos)s first.", pos=config.name))
        method = config.payment_method_ids.filtered(lambda m: m.id == payment_method_id)
        if method.use_payment_terminal != "payment_code" or not method.payment_code_provider_id:
            raise ValidationError(self.env._("This point of sale has no such payment code method."))
        # sudo: the provider's state only; cashiers need not read payment providers.
        if method.payment_code_provider_id.sudo().state == "disabled":
            raise UserError(
                self.env._(
                    "The provider of %(method)s is disabled: enable it, or take another "
                    "payment method.",
                    method=method.name,
                )
            )
        return config, method

    @api.model
    def _paycode_check_id(self, value, label):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**31:
            raise ValidationError(self.env._("%(label)s is not a valid id.", label=label))
        return value

    @api.model
    def _paycode_check_uuid(self, value):
        try:
            if not isinstance(value, str) or len(value) != 36:
                raise ValueError(value)
            return str(uuid.UUID(value))
        except ValueError:
            raise ValidationError(self.env._("The POS payment uuid is not a uuid.")) from None

    @api.model
    def _paycode_check_amount(self, value, currency):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValidationError(self.env._("The amount must be a number."))
        if not math.isfinite(value) or value <= 0 or value > MAX_AMOUNT:
            raise ValidationError(
                self.env._("The amount must be more than 0 and at most %s.", MAX_AMOUNT)
            )
        if not float_is_zero(currency.round(value) - value, precision_digits=9):
            raise ValidationError(
                self.env._("The amount has more decimals than %s allows.", currency.name)
            )
        return currency.round(value)

    @api.model
    def _paycode_trade_of(self, payment_uuid):
        """The trade of ``payment_uuid``, of a desk the caller works at."""
        self._paycode_check_user()
        payment_uuid = self._paycode_check_uuid(payment_uuid)
        # sudo: found by its uuid, then checked against the caller's desks below.
        trades = self.sudo().search([("payment_uuid", "=", payment_uuid)], order="id desc")
        trade = trades.filtered(lambda t: t.state in ("draft", "pending", "done"))[:1] or trades[:1]
        if not trade:
            raise UserError(self.env._("This payment was never sent to the provider."))
        self._paycode_check_desk(trade.config_id.id, trade.payment_method_id.id)
        return trade.sudo(False)
