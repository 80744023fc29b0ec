from odoo import api, fields, models

# The methods a provider defines to take payment codes at the desk, by provider code:
# ``_<code>_paycode_pay``, ``_<code>_paycode_query``, ``_<code>_paycode_cancel`` and
# ``_<code>_paycode_refund``.
PAYCODE_ACTIONS = ("pay", "query", "cancel", "refund")


class PaymentProvider(models.Model):
    _inherit = "payment.provider"

    paycode_supported = fields.Boolean(
        string="Supports Payment Codes",
        compute="_compute_paycode_supported",
        search="_search_paycode_supported",
        help="Whether the provider can charge a customer's payment code scanned at the POS.",
    )

    @api.model
    def _paycode_codes(self):
        """The provider codes whose provider implements every payment code action."""
        codes = [code for code, _label in self._fields["code"]._description_selection(self.env)]
        return [
            code
            for code in codes
            if all(hasattr(self, f"_{code}_paycode_{action}") for action in PAYCODE_ACTIONS)
        ]

    @api.depends("code")
    def _compute_paycode_supported(self):
        codes = self._paycode_codes()
        for provider in self:
            provider.paycode_supported = provider.code in codes

    def _search_paycode_supported(self, operator, value):
        if operator not in ("=", "!="):
            return NotImplemented
        positive = (operator == "=") == bool(value)
        return [("code", "in" if positive else "not in", self._paycode_codes())]

    def _paycode_call(self, action, **kwargs):
        """Call the provider's ``_<code>_paycode_<action>`` with ``kwargs``."""
        self.ensure_one()
        return getattr(self, f"_{self.code}_paycode_{action}")(**kwargs)
