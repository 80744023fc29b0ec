from odoo import _, fields, models
from odoo.exceptions import UserError


class SportsAccessEntitlement(models.Model):
    _inherit = "sports.access.entitlement"

    card_id = fields.Many2one(
        comodel_name="sports.card",
        readonly=True,
        index="btree_not_null",
        ondelete="cascade",
        help="The count or period member card this pass mirrors.",
    )

    def _counts_entries(self):
        # A card entry is recorded on the card: a use of a count card, a passage of a
        # period card (nothing to count there, see _consume_card).
        return super()._counts_entries() or bool(self.card_id)

    def _consume(self, at, space=None, key=None):
        self.ensure_one()
        if self.kind == "card":
            return self._consume_card(space, key)
        return super()._consume(at, space=space, key=key)

    def _consume_card(self, space, key):
        """Record a granted entry on the card's ledger; returns an error text or ``None``."""
        card = self.card_id
        if card.kind not in ("count", "period"):
            return None
        if not space:
            if card.kind == "period":
                # A period card has nothing to count: the access log is its history.
                return None
            return _("No space to count the entry of card %(card)s on.", card=card.name)
        try:
            with self.env.cr.savepoint():
                # sudo: the gate's decision was already taken; the ledger records it.
                card.sudo().use(space, key)
        except UserError as error:
            return error.args[0]
        return None
