from odoo import models


class SportsPriceRule(models.Model):
    _inherit = "sports.price.rule"

    def _customer_tier(self, partner):
        tier = super()._customer_tier(partner)
        if tier == "member" or not partner:
            return tier
        today = self.env["sports.card"]._today()
        # Pricing runs for portal visitors too; it only asks whether a member card exists.
        has_card = (
            self.env["sports.card"]
            .sudo()
            .search_count(
                [
                    ("state", "=", "active"),
                    ("type_id.member_price", "=", True),
                    "|",
                    ("partner_id", "=", partner.id),
                    ("partner_ids", "in", partner.ids),
                    "|",
                    ("valid_to", "=", False),
                    ("valid_to", ">=", today),
                ],
                limit=1,
            )
        )
        return "member" if has_card else tier
