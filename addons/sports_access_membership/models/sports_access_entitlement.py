from odoo import _, api, fields, models
from odoo.exceptions import UserError


class SportsAccessEntitlement(models.Model):
    _inherit = "sports.access.entitlement"

    card_id = fields.Many2one(
        comodel_name="sports.card",
        readonly=True,
        index="btree_not_null",
        ondelete="cascade",
        help="The count, period or stored-value member card this pass mirrors.",
    )

    def _counts_entries(self):
        # A card entry is recorded on the card: a use of a count card, a passage of a
        # period card (nothing to count there, see _consume_card).
        return super()._counts_entries() or bool(self.card_id)

    def _consumes_on_space(self):
        return super()._consumes_on_space() or bool(self.card_id)

    def _consume(self, at, space=None, key=None, event=None):
        self.ensure_one()
        if self.kind == "card":
            if self.card_id.kind == "stored_value":
                return self._consume_stored_value(space, key, event)
            return self._consume_card(space, key)
        return super()._consume(at, space=space, key=key, event=event)

    def _consume_stored_value(self, space, key, event):
        """Charge a granted entry at the point's price on the card, with the event's key:
        the same event charged twice is charged once. An entry the card cannot pay (an
        offline entry, the card spent elsewhere meanwhile) happened all the same: it is
        invoiced to the holder as an arrear, never taken below zero. Returns an error text
        or ``None``."""
        card = self.card_id
        price = event.point_id._entry_price() if event else 0.0
        if not card.currency_id.compare_amounts(price, 0) > 0:
            # A point whose price was removed after a proxy admitted the entry.
            return None
        try:
            with self.env.cr.savepoint():
                # sudo: the gate's decision was already taken; the ledger records it.
                card.sudo().charge(
                    price,
                    key,
                    ref=event.point_id.display_name,
                    source=event,
                    space=space or None,
                    venue=None if space else event.point_id.venue_id,
                )
        except UserError as error:
            arrear = self.env["sports.card.arrear"]._open(card, event, price, error.args[0])
            return _(
                "Card %(card)s could not pay %(amount).2f: invoiced as %(invoice)s. %(why)s",
                card=card.name,
                amount=price,
                invoice=arrear.invoice_id.name or arrear.name,
                why=error.args[0],
            )
        return None

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

    @api.model
    def _gate_fields(self):
        # Read with the gate's lock: the card an entry is counted or charged on.
        return [*super()._gate_fields(), "card_id"]
