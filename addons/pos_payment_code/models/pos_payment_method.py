from odoo import api, fields, models
from odoo.exceptions import ValidationError

TERMINAL = "payment_code"


class PosPaymentMethod(models.Model):
    _inherit = "pos.payment.method"

    payment_code_provider_id = fields.Many2one(
        comodel_name="payment.provider",
        domain="[('paycode_supported', '=', True), ('company_id', '=', company_id)]",
        ondelete="restrict",
        help="The payment provider (WeChat Pay, Alipay...) that charges the payment codes "
        "the cashier scans with this method.",
    )

    def _get_payment_terminal_selection(self):
        return [*super()._get_payment_terminal_selection(), (TERMINAL, self.env._("Payment Code"))]

    @api.constrains("use_payment_terminal", "payment_code_provider_id", "company_id")
    def _check_payment_code_provider(self):
        for method in self.filtered(lambda m: m.use_payment_terminal == TERMINAL):
            provider = method.payment_code_provider_id
            if not provider:
                raise ValidationError(
                    self.env._("Choose the provider of the payment code method %s.", method.name)
                )
            if not provider.paycode_supported:
                raise ValidationError(
                    self.env._(
                        "The provider %(provider)s cannot take payment codes at the desk: "
                        "choose WeChat Pay or Alipay.",
                        provider=provider.name,
                    )
                )
            if provider.company_id != method.company_id:
                raise ValidationError(
                    self.env._(
                        "The provider %(provider)s belongs to another company than the "
                        "payment method %(method)s.",
                        provider=provider.name,
                        method=method.name,
                    )
                )

    @api.onchange("use_payment_terminal")
    def _onchange_use_payment_terminal(self):
        result = super()._onchange_use_payment_terminal()
        if self.use_payment_terminal != TERMINAL:
            self.payment_code_provider_id = False
        return result
