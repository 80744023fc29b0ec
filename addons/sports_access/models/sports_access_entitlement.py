import calendar
import secrets
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.tools import SQL

from ..tools import cache, sync

# The kinds of the shared access domain (a signed QR carries its kind). Tickets are sold
# here; sports_access_booking and sports_access_membership issue the passes of bookings
# and member cards.
ENTITLEMENT_KINDS = [("booking", "Booking"), ("ticket", "Ticket"), ("card", "Member Card")]
TICKET_KINDS = [
    ("single", "Single Entry"),
    ("day", "Day Pass"),
    ("slot", "Time Slot"),
    ("multi", "Multi-use"),
]


def epoch(value):
    """Unix seconds of a naive UTC datetime."""
    return calendar.timegm(value.timetuple())


class SportsAccessEntitlement(models.Model):
    _name = "sports.access.entitlement"
    _description = "Access Entitlement"
    _inherit = ["portal.mixin"]
    _order = "valid_from desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True)
    kind = fields.Selection(ENTITLEMENT_KINDS, required=True, readonly=True, index=True)
    ticket_kind = fields.Selection(TICKET_KINDS, readonly=True)
    state = fields.Selection(
        [("active", "Active"), ("frozen", "Frozen"), ("revoked", "Revoked")],
        required=True,
        default="active",
        readonly=True,
        index=True,
    )
    revoke_reason = fields.Char(readonly=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    venue_ids = fields.Many2many(
        comodel_name="sports.venue",
        string="Venues",
        readonly=True,
        check_company=True,
        help="Venues this entitlement opens; empty means every venue of the company.",
    )
    area_ids = fields.Many2many(
        comodel_name="sports.area",
        string="Areas",
        readonly=True,
        check_company=True,
        help="Areas this entitlement opens; empty means every area of its venues.",
    )
    partner_id = fields.Many2one(comodel_name="res.partner", readonly=True, index=True)
    valid_from = fields.Datetime(readonly=True)
    valid_to = fields.Datetime(readonly=True, help="First moment it no longer opens.")
    counted = fields.Boolean(readonly=True, help="Entries are counted against a number.")
    uses_total = fields.Integer(string="Entries", readonly=True)
    uses_left = fields.Integer(string="Entries Left", readonly=True)
    daily_cap = fields.Integer(readonly=True, help="Most entries a day; 0 means no limit.")
    currency_id = fields.Many2one(related="company_id.currency_id")
    pays_per_entry = fields.Boolean(
        readonly=True,
        help="Each entry is paid from a balance (a stored-value card) at the point's price.",
    )
    balance = fields.Monetary(
        readonly=True, help="What a pass that pays per entry may spend, kept by its card."
    )
    owes = fields.Boolean(
        readonly=True,
        help="The holder owes an earlier entry of this pass: no entry until it is paid.",
    )
    opening_hours = fields.Boolean(
        readonly=True, help="Opens only within the venue's opening hours."
    )
    slot_minutes = fields.Integer(
        readonly=True, help="A time-slot ticket closes this long after its first entry."
    )
    first_entry_at = fields.Datetime(readonly=True)
    ticket_type_id = fields.Many2one(
        comodel_name="sports.ticket.type", readonly=True, index="btree_not_null"
    )
    complimentary_reason = fields.Char(
        readonly=True,
        help="Why a manager gave this ticket without a payment (sports.ticket.type.sell).",
    )
    sale_line_id = fields.Many2one(
        comodel_name="sale.order.line", readonly=True, index="btree_not_null", copy=False
    )
    credential_ids = fields.One2many(
        comodel_name="sports.access.credential", inverse_name="entitlement_id", readonly=True
    )
    qr_token = fields.Char(compute="_compute_qr_token", string="QR Code")
    event_ids = fields.One2many(comodel_name="sports.access.event", inverse_name="entitlement_id")

    def _compute_access_url(self):
        for entitlement in self:
            entitlement.access_url = f"/my/tickets/{entitlement.id}"

    @api.depends("credential_ids.token", "credential_ids.state")
    def _compute_qr_token(self):
        for entitlement in self:
            qr = entitlement.credential_ids.filtered(
                lambda c: c.kind == "qr" and c.state == "active"
            )[:1]
            entitlement.qr_token = qr.token

    def write(self, vals):
        result = super().write(vals)
        if {"venue_ids", "area_ids"} & vals.keys():
            self._restamp_for_sync()
        return result

    def _restamp_for_sync(self):
        """Hand these passes and their credentials to the proxies again (the sync trigger
        stamps every updated row). A proxy that got a credential as a tombstone, its pass
        opening none of its venues then, needs it with its secret once the pass opens one;
        the proxies of venues the pass no longer opens get tombstones. The passes' rows
        too: a change of venues or areas alone leaves them unchanged when their
        write_date is the same (in the transaction that made them)."""
        if not self:
            return
        self.env.flush_all()
        for table, column in (
            ("sports_access_entitlement", "id"),
            ("sports_access_credential", "entitlement_id"),
        ):
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET write_date = write_date WHERE %s IN %s",
                    SQL.identifier(table),
                    SQL.identifier(column),
                    tuple(self.ids),
                )
            )

    # ------------------------------------------------------------------ issuing

    @api.model
    def _issue(self, vals_list, qr=True):
        """Create entitlements (trusted server code only) and a signed QR for each."""
        # sudo: entitlements are issued as the effect of a sale, a booking or a card,
        # whoever triggers it; nobody creates them by hand.
        entitlements = self.sudo().create(vals_list)
        if qr:
            entitlements._issue_qr()
        return entitlements.sudo(False)

    def _issue_qr(self):
        # sudo: credentials are issued by the system with the entitlement; users have no create
        # right on them.
        Credential = self.env["sports.access.credential"].sudo()
        vals_list = []
        for entitlement in self:
            vals_list.append(
                {
                    "kind": "qr",
                    "entitlement_id": entitlement.id,
                    "code": Credential._new_code(),
                    "nonce": secrets.token_bytes(8).hex(),
                }
            )
        credentials = Credential.create(vals_list)
        credentials._sign()
        return credentials

    def _revoke(self, reason):
        """Revoke these entitlements and their credentials (kept for the revocation list)."""
        todo = self.filtered(lambda e: e.state != "revoked")
        if not todo:
            return
        # sudo: revocation follows a refund, a cancellation or a lost card, done by
        # whoever may do those; the access records are the system's own.
        todo.sudo().write({"state": "revoked", "revoke_reason": reason})
        todo.credential_ids._revoke(reason)

    # ------------------------------------------------------------------ consumption

    def _consume(self, at, space=None, key=None, event=None):
        """Count one granted entry at ``at`` (of access ``event``); returns an error text or
        ``None``.

        Uses are decremented by one SQL statement that refuses to go below zero, so two
        gates admitting the same ticket at the same moment admit it once.
        """
        self.ensure_one()
        # The SQL below must see what the ORM has not written yet.
        self.flush_recordset(["uses_left", "first_entry_at", "valid_to"])
        if self.counted:
            self.env.cr.execute(
                SQL(
                    "UPDATE sports_access_entitlement SET uses_left = uses_left - 1, "
                    "write_date = now() AT TIME ZONE 'UTC' "
                    "WHERE id = %s AND uses_left > 0 RETURNING uses_left",
                    self.id,
                )
            )
            if not self.env.cr.fetchone():
                self.invalidate_recordset(["uses_left"])
                return _("No entry left on %(name)s.", name=self.name)
        if self.slot_minutes and not self.first_entry_at:
            end = at + timedelta(minutes=self.slot_minutes)
            self.env.cr.execute(
                SQL(
                    "UPDATE sports_access_entitlement SET first_entry_at = %s, "
                    "valid_to = LEAST(COALESCE(valid_to, %s), %s) "
                    "WHERE id = %s AND first_entry_at IS NULL",
                    at,
                    end,
                    end,
                    self.id,
                )
            )
        self.invalidate_recordset(["uses_left", "first_entry_at", "valid_to"])
        return None

    def _lock_for_gate(self):
        """Serialise the gate decisions of this pass: a row lock taken before its history
        is read, held until the decision is committed. Returns the pass's scope
        (``_gate_scope``), read by the same statement, for ``_facts``.

        The lock is a write (to ``sports_access_entitlement_turn``, not to the pass, which
        proxies would then sync again). In REPEATABLE READ a decision that waited for
        another one to commit fails to serialise and Odoo replays it with a fresh snapshot,
        which sees the first passage; a mere ``FOR UPDATE`` would wake it with its old
        snapshot, blind to that passage.
        """
        self.ensure_one()
        return self._gate_scope(
            SQL(
                """WITH turn AS (
                       INSERT INTO sports_access_entitlement_turn (entitlement_id, turn)
                       VALUES (%s, 1)
                       ON CONFLICT (entitlement_id)
                       DO UPDATE SET turn = sports_access_entitlement_turn.turn + 1
                       RETURNING entitlement_id)""",
                self.id,
            ),
            self._gate_fields(),
        )

    @api.model
    def _gate_fields(self):
        """The stored fields of a pass that a gate decision reads (``_facts``, the event,
        counting the entry): ``_lock_for_gate`` reads them with its lock, and a field
        missing here is fetched by the ORM when read, only slower."""
        return [
            "name",
            "kind",
            "state",
            "company_id",
            "partner_id",
            "valid_from",
            "valid_to",
            "counted",
            "uses_left",
            "daily_cap",
            "pays_per_entry",
            "balance",
            "owes",
            "opening_hours",
            "slot_minutes",
            "first_entry_at",
        ]

    def _consumes_on_space(self):
        """Whether ``_consume`` counts an entry on a space (a member card does, see
        sports_access_membership): only then is the space of the entry looked up."""
        self.ensure_one()
        return False

    def _counts_entries(self):
        """Whether a granted entry changes something on this entitlement (a use, a slot
        start): a day pass has nothing to count."""
        self.ensure_one()
        return bool(self.counted or self.slot_minutes)

    # ------------------------------------------------------------------ facts

    def _facts(self, scope=None):
        """The entitlement as ``arena_access.decide`` reads it; ``scope`` is what
        ``_lock_for_gate`` returned, else it is read here."""
        self.ensure_one()
        venue_ids, area_ids = scope or self._gate_scope()
        return {
            "state": self.state,
            "company_id": self.company_id.id,
            "venue_ids": venue_ids,
            "area_ids": area_ids,
            "valid_from": self.valid_from,
            "valid_to": self.valid_to,
            "uses_left": self.uses_left if self.counted else None,
            "daily_cap": self.daily_cap,
            "opening_hours": self.opening_hours,
            "balance": self.balance if self.pays_per_entry else None,
            "owes": self.owes,
        }

    def _gate_scope(self, before=None, field_names=()):
        """``(venue ids, area ids)``: the active venues and areas this entitlement opens,
        as sets (as ``venue_ids`` and ``area_ids`` read them), in one query instead of
        the ORM's two reads and a fetch of the areas; ``before`` is a clause ``WITH turn
        AS (...)`` of one row that the same statement runs first (the gate's lock).

        The same statement reads the stored ``field_names`` of the entitlement into the
        cache, as a fetch would (a value already in the cache is kept)."""
        self.ensure_one()
        self.flush_recordset(["venue_ids", "area_ids", *field_names])
        self.env["sports.venue"].flush_model(["active"])
        self.env["sports.area"].flush_model(["active"])

        def ids(field_name, table):
            field = self._fields[field_name]
            return SQL(
                """ARRAY(SELECT rel.%(column2)s
                           FROM %(relation)s rel
                           JOIN %(table)s target ON target.id = rel.%(column2)s
                          WHERE rel.%(column1)s = %(id)s AND target.active)""",
                column1=SQL.identifier(field.column1),
                column2=SQL.identifier(field.column2),
                relation=SQL.identifier(field.relation),
                table=SQL.identifier(table),
                id=self.id,
            )

        columns = SQL("").join(SQL(", e.%s", SQL.identifier(name)) for name in field_names)
        source = (
            SQL("FROM turn") if before else SQL("FROM (SELECT %s AS entitlement_id) turn", self.id)
        )
        self.env.cr.execute(
            SQL(
                """%s SELECT %s, %s %s
                   %s JOIN %s e ON e.id = turn.entitlement_id""",
                before or SQL(),
                ids("venue_ids", "sports_venue"),
                ids("area_ids", "sports_area"),
                columns,
                source,
                SQL.identifier(self._table),
            )
        )
        venue_ids, area_ids, *values = self.env.cr.fetchone()
        cache.cached_rows(self, field_names, [(self.id, *values)])
        return set(venue_ids), set(area_ids)

    def init(self):
        sync.install(self.env.cr, "sports_access_entitlement")
        # One row a pass that gates have decided on, written by _lock_for_gate.
        self.env.cr.execute(
            SQL(
                """CREATE TABLE IF NOT EXISTS sports_access_entitlement_turn (
                   entitlement_id integer PRIMARY KEY
                       REFERENCES sports_access_entitlement (id) ON DELETE CASCADE,
                   turn bigint NOT NULL DEFAULT 0
               )"""
            )
        )
