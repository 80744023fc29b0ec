from odoo import api, fields, models
from odoo.tools import SQL

# A stored-value card's balance, which its gate pass carries (``balance``): a spend changes
# only these.
BALANCE_FIELDS = {"balance_paid", "balance_bonus"}
# Card fields whose change the gates must learn about.
ACCESS_FIELDS = {
    "state",
    "uid",
    "valid_from",
    "valid_to",
    "remaining_uses",
    "partner_id",
    "type_id",
    # A stored-value card's balance, which its gate pass carries.
    "balance_paid",
    "balance_bonus",
}
ENTRY_KINDS = ("count", "period", "stored_value")


class SportsCard(models.Model):
    _inherit = "sports.card"

    access_entitlement_id = fields.Many2one(
        comodel_name="sports.access.entitlement",
        compute="_compute_access_entitlement_id",
    )

    def _compute_access_entitlement_id(self):
        entitlements = self.env["sports.access.entitlement"].search([("card_id", "in", self.ids)])
        for card in self:
            card.access_entitlement_id = entitlements.filtered(lambda e, c=card: e.card_id == c)[:1]

    @api.model_create_multi
    def create(self, vals_list):
        cards = super().create(vals_list)
        cards._access_sync()
        return cards

    def write(self, vals):
        result = super().write(vals)
        changed = ACCESS_FIELDS & set(vals)
        if changed and changed <= BALANCE_FIELDS:
            self._access_sync_balance()
        elif changed:
            self._access_sync()
        return result

    def _ledger_balances_moved(self):
        # A spend writes the balances in SQL (sports_card_spend.py), not through write().
        result = super()._ledger_balances_moved()
        self._access_sync_balance()
        return result

    def _access_sync_balance(self):
        """After a spend or a top-up: only the balance on the card's gate pass changes, not
        the whole pass (its venues, areas, days and credentials). One statement copies the
        stored total of each stored-value card to its pass and names the cards that have
        none yet (those get their whole pass)."""
        if not self:
            return
        self.flush_recordset(["kind", "balance_total"])
        self.env["sports.access.entitlement"].flush_model(["card_id", "balance"])
        # SQL, not sudo().write(): as _access_sync, the gates' view of a card follows every
        # card operation, whoever makes it; the pass has no tracking, constraint or
        # override on its balance, and this is on every spend (sports_card_spend.py).
        self.env.cr.execute(
            SQL(
                """
            WITH moved AS (
                UPDATE sports_access_entitlement e
                   SET balance = c.balance_total, write_uid = %s,
                       write_date = now() AT TIME ZONE 'UTC'
                  FROM sports_card c
                 WHERE c.id = e.card_id AND c.id IN %s AND c.kind = 'stored_value'
             RETURNING e.id, e.card_id
            )
            SELECT c.id, moved.id
              FROM sports_card c LEFT JOIN moved ON moved.card_id = c.id
             WHERE c.id IN %s AND c.kind = 'stored_value'
                """,
                self.env.uid,
                tuple(self.ids),
                tuple(self.ids),
            )
        )
        rows = self.env.cr.fetchall()
        passes = self.env["sports.access.entitlement"].browse(
            [pass_id for _card, pass_id in rows if pass_id]
        )
        passes.invalidate_recordset(["balance", "write_uid", "write_date"])
        passes.modified(["balance"])
        missing = self.browse([card for card, pass_id in rows if not pass_id])
        if missing:
            missing._access_sync()

    def _access_area_ids(self):
        """Areas a scoped card type opens: those of the spaces it may be used on."""
        card_type = self.type_id
        if not (card_type.space_ids or card_type.sport_ids):
            return []
        domain = [("company_id", "=", self.company_id.id)]
        if card_type.venue_ids:
            domain.append(("venue_id", "in", card_type.venue_ids.ids))
        # sudo: the card's scope is counted for the gates, whatever the caller may read of the
        # spaces.
        spaces = card_type.space_ids or self.env["sports.space"].sudo().search(domain)
        if card_type.sport_ids:
            spaces = spaces.filtered(lambda s: s.sport_ids & card_type.sport_ids)
        return spaces.area_id.ids

    def _access_vals(self, owing=()):
        """The gate pass of the card; ``owing``: ids of cards that owe an entry."""
        self.ensure_one()
        # The card's first venue gives its days; a card of the whole company uses the default zone.
        venue = self.type_id.venue_ids[:1] or self.env["sports.venue"]
        valid_from = venue._day_bounds(self.valid_from)[0] if self.valid_from else False
        valid_to = venue._day_bounds(self.valid_to)[1] if self.valid_to else False
        state = {"frozen": "frozen", "lost": "revoked", "refunded": "revoked"}.get(
            self.state, "active"
        )
        if self.state == "expired":
            now = fields.Datetime.now()
            valid_to = min(valid_to, now) if valid_to else now
        return {
            "name": self.name,
            "kind": "card",
            "card_id": self.id,
            "company_id": self.company_id.id,
            "partner_id": self.partner_id.id,
            "venue_ids": [fields.Command.set(self.type_id.venue_ids.ids)],
            "area_ids": [fields.Command.set(self._access_area_ids())],
            "valid_from": valid_from,
            "valid_to": valid_to,
            "counted": self.kind == "count",
            "uses_total": self.type_id.uses if self.kind == "count" else 0,
            "uses_left": self.remaining_uses if self.kind == "count" else 0,
            "daily_cap": self.type_id.daily_cap,
            "pays_per_entry": self.kind == "stored_value",
            "balance": self.balance_total if self.kind == "stored_value" else 0.0,
            "owes": self.id in owing,
            "opening_hours": True,
            "state": state,
            "revoke_reason": self.state if state == "revoked" else False,
        }

    def _access_sync(self):
        """Mirror entry cards (count, period and stored-value) on their entitlement, QR and
        card UID credential."""
        # sudo: the gates' view of a card follows every card operation, whoever does it.
        cards = self.sudo().filtered(lambda c: c.kind in ENTRY_KINDS)
        if not cards:
            return
        owing = self.env["sports.card.arrear"]._owing_cards(cards)
        Entitlement = self.env["sports.access.entitlement"].sudo()
        Credential = self.env["sports.access.credential"].sudo()
        existing = Entitlement.search([("card_id", "in", cards.ids)])
        by_card = {entitlement.card_id: entitlement for entitlement in existing}
        for card in cards:
            vals = card._access_vals(owing)
            entitlement = by_card.get(card)
            if entitlement:
                changed = {
                    key: value for key, value in vals.items() if _differs(entitlement, key, value)
                }
                if changed:
                    entitlement.write(changed)
            else:
                entitlement = Entitlement._issue([vals])
            if entitlement.state == "revoked":
                entitlement.credential_ids._revoke(vals["revoke_reason"] or "revoked")
                continue
            uid_credentials = entitlement.credential_ids.filtered(
                lambda c: c.kind == "uid" and c.state == "active"
            )
            uid = Credential._normalize_value("uid", card.uid) if card.uid else None
            stale = uid_credentials.filtered(lambda c, u=uid: c.value != u)
            stale._revoke("replaced")
            if card.uid and not (uid_credentials - stale):
                Credential.create({"kind": "uid", "entitlement_id": entitlement.id, "value": uid})


def _differs(record, key, value):
    current = record[key]
    if key in ("venue_ids", "area_ids"):  # [Command.set(ids)]
        return set(current.ids) != set(value[0][2])
    if isinstance(current, models.BaseModel):
        current = current.id
    return (current or False) != (value or False)
