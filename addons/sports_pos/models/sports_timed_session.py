from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_amount

from odoo.addons.sports_venue.tools import inputs

STATES = [
    ("running", "Running"),
    ("stopped", "Stopped, to pay"),
    ("paid", "Paid"),
    ("cancelled", "Written Off"),
]
# States listed on the POS Running screen.
OPEN_STATES = ("running", "stopped")


class SportsTimedSession(models.Model):
    """A timed session (计时) started at the front desk, billed by the time played.

    Started from the POS Running screen, it runs until the cashier stops it; stopping fixes
    its amount and the POS adds one line with that price to the current order. The session
    is paid when that order is: the line is keyed to it, so it is billed once.

    The booking bridge adds sessions on a space, which are walk-in bookings.
    """

    _name = "sports.timed.session"
    _description = "Timed Session"
    _inherit = ["pos.load.mixin"]
    _order = "start_at desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True, help="What is timed: the item or space.")
    item_id = fields.Many2one(
        comodel_name="sports.timed.item",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
    )
    venue_id = fields.Many2one(
        comodel_name="sports.venue",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        related="venue_id.company_id",
        store=True,
        index=True,
        precompute=True,
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        required=True,
        readonly=True,
        ondelete="restrict",
        help="The product of the POS line that bills the session.",
    )
    partner_id = fields.Many2one(comodel_name="res.partner", string="Customer", readonly=True)
    start_at = fields.Datetime(string="Start", required=True, readonly=True)
    stop_at = fields.Datetime(string="Stop", readonly=True)
    state = fields.Selection(STATES, required=True, default="running", readonly=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount = fields.Monetary(
        readonly=True, help="What the session costs, fixed when it is stopped."
    )
    pos_order_line_id = fields.Many2one(
        comodel_name="pos.order.line",
        string="POS Order Line",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
        copy=False,
        help="The paid front desk line that billed this session.",
    )
    pos_order_id = fields.Many2one(
        related="pos_order_line_id.order_id", string="POS Order", store=True, index=True
    )

    # One running session per item: a second start on a busy table fails in the database.
    _one_running_per_item = models.UniqueIndex(
        "(item_id) WHERE state = 'running' AND item_id IS NOT NULL",
        "This item is already running a session: stop it first.",
    )
    _billed_once = models.UniqueIndex(
        "(pos_order_line_id) WHERE pos_order_line_id IS NOT NULL",
        "A POS line bills one timed session.",
    )
    _range_valid = models.Constraint(
        "CHECK(stop_at IS NULL OR stop_at >= start_at)", "A session stops after it starts."
    )
    _amount_positive = models.Constraint("CHECK(amount >= 0)", "An amount cannot be negative.")

    # ------------------------------------------------------------------------------------
    # POS data
    # ------------------------------------------------------------------------------------
    @api.model
    def _load_pos_data_domain(self, data, config):
        if not config.sports_venue_id:
            return False
        return [("venue_id", "=", config.sports_venue_id.id), ("state", "in", OPEN_STATES)]

    @api.model
    def _load_pos_data_fields(self, config):
        return ["id", "name", "state", "start_at", "stop_at", "amount", "product_id"]

    # ------------------------------------------------------------------------------------
    # The POS Running screen's calls
    # ------------------------------------------------------------------------------------
    @api.model
    def pos_refresh(self, config_id, session_ids=None):
        """The open sessions of the desk's venue (and of ``session_ids``, so the POS learns
        that they were paid), what each running one costs now, and what can be started.

        :return: ``{"sports.timed.session": [...], "due": {id: {"amount", "until"}},
            "startables": [{"kind", "id", "name", "detail"}], "now": server time}``
        """
        config = self._pos_config(config_id)
        if session_ids is None:
            session_ids = []
        if not isinstance(session_ids, list) or not all(
            isinstance(i, int) and not isinstance(i, bool) for i in session_ids
        ):
            raise UserError(self.env._("The sessions must be a list of ids."))
        self._check_pos_rights()
        return self._pos_payload(config, session_ids[:1000])

    @api.model
    def pos_start(self, config_id, kind, res_id, partner_id=False):
        """Start a session on what ``kind`` and ``res_id`` name (``"item"``, an item id)."""
        config = self._pos_config(config_id)
        kind = inputs.choice(self.env, kind, self.env._("What to start"), self._startable_kinds())
        partner = inputs.record(self.env, "res.partner", partner_id, self.env._("The customer"))
        self._check_pos_rights()
        self._start_timed(config, kind, res_id, partner)
        return self._pos_payload(config)

    @api.model
    def pos_stop(self, config_id, session_id):
        """Stop a running session: fix its amount. Stopping a stopped one changes nothing,
        so a repeated call (a retry, a second cashier) gets the same bill."""
        config = self._pos_config(config_id)
        session = inputs.record(
            self.env, "sports.timed.session", session_id, self.env._("The session"), required=True
        )
        self._check_pos_rights()
        session.check_access("read")
        if session.venue_id != config.sports_venue_id:
            raise UserError(
                self.env._("%(session)s is not at this desk's venue.", session=session.display_name)
            )
        self._lock(session)
        session.invalidate_recordset()
        if session.state == "paid":
            raise UserError(
                self.env._(
                    "%(session)s is paid already (%(order)s).",
                    session=session.display_name,
                    order=session.pos_order_id.name,
                )
            )
        if session.state == "cancelled":
            raise UserError(
                self.env._("%(session)s was written off.", session=session.display_name)
            )
        if session.state == "running":
            # sudo: sessions change only through these calls, checked above.
            session.sudo()._stop_timed(fields.Datetime.now())
        return self._pos_payload(config, session.ids)

    @api.model
    def pos_timed_products(self, config_id):
        """The ids of the products only a timed session bills, so that the POS opens the
        Running screen when one is picked from the product grid."""
        config = inputs.record(
            self.env, "pos.config", config_id, self.env._("The point of sale"), required=True
        )
        config.check_access("read")
        return self._timed_products().ids

    def action_write_off(self):
        """Write off stopped sessions that will not be paid (the player left, or the timer
        was started by mistake): they leave the Running screen. Managers only."""
        if not self.env.user.has_group("sports_venue.group_arena_manager"):
            raise AccessError(self.env._("Only Arena managers can write off a timed session."))
        self._lock(self)
        self.invalidate_recordset()
        for session in self:
            if session.state != "stopped":
                raise UserError(
                    self.env._(
                        "%(session)s cannot be written off: only a stopped session that is "
                        "not paid can.",
                        session=session.name,
                    )
                )
        # sudo: sessions change only through these methods; the manager was checked above.
        self.sudo().write({"state": "cancelled"})
        return True

    # ------------------------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------------------------
    @api.model
    def _pos_config(self, config_id):
        config = inputs.record(
            self.env, "pos.config", config_id, self.env._("The point of sale"), required=True
        )
        config.check_access("read")
        if not config.sports_venue_id:
            raise UserError(
                self.env._(
                    "Set the venue of %(config)s in its settings to time sessions there.",
                    config=config.name,
                )
            )
        return config

    @api.model
    def _check_pos_rights(self):
        if not self.env.user.has_group("sports_venue.group_arena_user"):
            raise AccessError(
                self.env._(
                    "Only venue staff can time sessions: ask a manager to add you to the "
                    "Arena user group."
                )
            )

    @api.model
    def _lock(self, records):
        """Lock the rows of ``records`` (sessions, items) in id order."""
        if records:
            records.flush_recordset()
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM %s WHERE id IN %s ORDER BY id FOR UPDATE",
                    SQL.identifier(records._table),
                    tuple(records.ids),
                )
            )

    @api.model
    def _timed_products(self):
        """The products that only a timed session bills: those of the timed items."""
        # sudo: which products are timed is no secret; the cashier may not read the items.
        items = self.env["sports.timed.item"].sudo().with_context(active_test=False).search([])
        return items.product_id

    @api.model
    def _startable_kinds(self):
        """What a session can run on; the booking bridge adds ``"space"``."""
        return ["item"]

    @api.model
    def _start_timed(self, config, kind, res_id, partner):
        """Start and return a session of ``kind`` on ``res_id``. Hook for other kinds."""
        if kind != "item":
            raise UserError(self.env._("Sessions of this kind cannot be started here."))
        item = inputs.record(
            self.env, "sports.timed.item", res_id, self.env._("The item"), required=True
        )
        item.check_access("read")
        if not item.active or item.venue_id != config.sports_venue_id:
            raise UserError(
                self.env._("%(item)s is not offered at this desk's venue.", item=item.display_name)
            )
        # Two desks starting the same table take turns; the unique index stays the guarantee.
        self._lock(item)
        # sudo: the busy check must see every session of the item, whoever started it.
        running = self.sudo().search([("item_id", "=", item.id), ("state", "=", "running")])
        if running:
            raise UserError(
                self.env._(
                    "%(item)s is already running a session since %(start)s: stop it first.",
                    item=item.name,
                    start=item.venue_id._localize(running[0].start_at).strftime("%H:%M"),
                )
            )
        # sudo: sessions are created only here, after the checks above.
        return self.sudo().create(
            {
                "name": item.name,
                "item_id": item.id,
                "venue_id": item.venue_id.id,
                "product_id": item.product_id.id,
                "partner_id": partner.id,
                "start_at": fields.Datetime.now(),
            }
        )

    def _stop_timed(self, at):
        """Stop the running sessions of ``self`` at ``at`` and fix their amounts."""
        for session in self:
            amount, _until = session._due_at(at)
            session.write({"state": "stopped", "stop_at": at, "amount": amount})
        return True

    def _due_at(self, at):
        """What this running session costs if it stops at ``at``, and until when that
        holds: ``(amount, until)``, ``until`` being None when it no longer grows."""
        self.ensure_one()
        if not self.item_id:
            return self.amount, None
        return self.item_id._price_until(self.start_at, at)

    @api.model
    def _pos_payload(self, config, session_ids=()):
        venue = config.sports_venue_id
        domain = [("venue_id", "=", venue.id), ("state", "in", OPEN_STATES)]
        if session_ids:
            domain = ["|", ("id", "in", list(session_ids)), *domain]
        sessions = self.search(domain)
        now = fields.Datetime.now()
        due = {}
        for session in sessions.filtered(lambda s: s.state == "running"):
            amount, until = session._due_at(now)
            due[session.id] = {
                "amount": amount,
                "until": fields.Datetime.to_string(until) if until else False,
            }
        return {
            "sports.timed.session": self._load_pos_data_read(sessions, config),
            "due": due,
            "startables": self._pos_startables(config, sessions),
            "now": fields.Datetime.to_string(now),
            "tz": venue._tz_name(),
        }

    @api.model
    def _pos_startables(self, config, sessions):
        """What the cashier can start now: ``[{"kind", "id", "name", "detail"}]``."""
        busy = sessions.filtered(lambda s: s.state == "running").item_id
        items = self.env["sports.timed.item"].search(
            [("venue_id", "=", config.sports_venue_id.id), ("id", "not in", busy.ids)]
        )
        return [
            {
                "kind": "item",
                "id": item.id,
                "name": item.name,
                "detail": self.env._(
                    "%(price)s per %(minutes)s min",
                    price=format_amount(self.env, item.price, item.currency_id),
                    minutes=item.period_minutes,
                ),
            }
            for item in items
        ]
