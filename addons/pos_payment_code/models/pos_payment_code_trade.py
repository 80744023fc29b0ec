import hashlib
import logging
import re
import uuid
from datetime import timedelta

import psycopg2.errors

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# Seconds the customer has to confirm on the phone before the trade is cancelled.
DEFAULT_TIMEOUT = 60
TIMEOUT_PARAM = "pos_payment_code.timeout"
# Minutes a paid trade waits for its POS order before it is reversed.
ORPHAN_MINUTES = 10
# A WeChat Pay or Alipay payment code: 10 to 30 digits (WeChat 10-15, 18; Alipay 25-30...).
AUTH_CODE = re.compile(r"^[0-9]{10,30}$")
OPEN_STATES = ("draft", "pending")


class PosPaymentCodeTrade(models.Model):
    _name = "pos.payment.code.trade"
    _description = "POS Payment Code Trade"
    _order = "id desc"
    _rec_name = "reference"

    payment_uuid = fields.Char(
        string="POS Payment UUID",
        required=True,
        readonly=True,
        index=True,
        help="The uuid of the POS payment line: every call of the POS is idempotent by it.",
    )
    attempt_key = fields.Char(
        required=True,
        readonly=True,
        help="What tells the attempts of one POS payment apart: a digest of the payment "
        "code scanned (never the code itself), or the refund's attempt number. A replayed "
        "call finds the trade of its attempt; a new scan after a refusal makes a new trade.",
    )
    kind = fields.Selection(
        selection=[("payment", "Payment"), ("refund", "Refund")],
        required=True,
        readonly=True,
        default="payment",
    )
    reference = fields.Char(
        required=True,
        readonly=True,
        help="Sent to the provider as the merchant's trade number (out_trade_no), or as the "
        "refund number for a refund.",
    )
    refunded_trade_id = fields.Many2one(
        comodel_name="pos.payment.code.trade",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
    )
    refund_trade_ids = fields.One2many(
        comodel_name="pos.payment.code.trade",
        inverse_name="refunded_trade_id",
        string="Refunds",
    )
    config_id = fields.Many2one(
        comodel_name="pos.config",
        string="Point of Sale",
        required=True,
        readonly=True,
        ondelete="restrict",
    )
    session_id = fields.Many2one(comodel_name="pos.session", readonly=True, ondelete="restrict")
    payment_method_id = fields.Many2one(
        comodel_name="pos.payment.method",
        required=True,
        readonly=True,
        ondelete="restrict",
    )
    provider_id = fields.Many2one(
        comodel_name="payment.provider",
        required=True,
        readonly=True,
        ondelete="restrict",
    )
    amount = fields.Monetary(
        currency_field="currency_id",
        required=True,
        readonly=True,
        help="The amount charged, or refunded for a refund: always positive.",
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency", required=True, readonly=True, ondelete="restrict"
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("pending", "Waiting for the Customer"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
            ("error", "Refused"),
        ],
        required=True,
        readonly=True,
        default="draft",
        index=True,
    )
    provider_reference = fields.Char(readonly=True, help="The provider's transaction id.")
    message = fields.Char(readonly=True, help="The provider's last word on the trade.")
    deadline = fields.Datetime(
        string="Poll Deadline",
        required=True,
        readonly=True,
        help="A trade the customer has not confirmed by then is cancelled (reversed).",
    )
    pos_payment_id = fields.Many2one(
        comodel_name="pos.payment",
        string="POS Payment",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The payment of the synced POS order this trade paid.",
    )

    _attempt_unique = models.Constraint(
        "UNIQUE(payment_uuid, attempt_key)", "An attempt of a POS payment makes one trade."
    )
    _payment_uuid_live_unique = models.UniqueIndex(
        "(payment_uuid) WHERE state IN ('draft', 'pending', 'done')",
        "A POS payment line has at most one open or done payment code trade.",
    )
    _reference_unique = models.Constraint(
        "UNIQUE(reference)", "The reference of a payment code trade must be unique."
    )
    _amount_positive = models.Constraint(
        "CHECK(amount > 0)", "The amount of a payment code trade must be positive."
    )
    _refund_has_origin = models.Constraint(
        "CHECK((kind = 'refund') = (refunded_trade_id IS NOT NULL))",
        "A refund, and only a refund, refers to the trade it refunds.",
    )

    # ------------------------------------------------------------------ POS API
    # Each trade is inserted and committed before the provider hears of it, and the
    # provider's answer is committed with it at once, in cursors of their own: a crash or
    # a rollback of the request can then never lose a charge the provider made. The
    # reconciliation cron finds whatever was left open.

    @api.model
    def paycode_pay(self, config_id, payment_method_id, payment_uuid, amount, auth_code):
        """Charge ``amount`` to the customer's payment code ``auth_code`` for the POS
        payment line ``payment_uuid``. A second call with the same uuid charges nothing
        and returns the trade as it stands."""
        config, method = self._paycode_check_desk(config_id, payment_method_id)
        payment_uuid = self._paycode_check_uuid(payment_uuid)
        amount = self._paycode_check_amount(amount, config.currency_id)
        if not isinstance(auth_code, str) or not AUTH_CODE.match(auth_code.strip()):
            raise ValidationError(
                self.env._("This is not a payment code: scan the code on the customer's phone.")
            )
        auth_code = auth_code.strip()
        attempt_key = hashlib.sha256(f"{payment_uuid}:{auth_code}".encode()).hexdigest()
        trade_id = self._paycode_create(config, method, payment_uuid, attempt_key, amount)

        def pay(trade):
            if (
                trade.kind != "payment"
                or trade.payment_method_id != method
                or trade.currency_id.compare_amounts(trade.amount, amount)
            ):
                raise ValidationError(
                    self.env._("This POS payment was already sent with another amount.")
                )
            if trade.state == "draft" and trade.attempt_key == attempt_key:
                trade._paycode_apply(
                    "pay",
                    reference=trade.reference,
                    amount=trade.amount,
                    currency=trade.currency_id,
                    auth_code=auth_code,
                    subject=config.name,
                )

        return self._paycode_locked(trade_id, pay)

    @api.model
    def paycode_poll(self, payment_uuid):
        """The state of the trade of ``payment_uuid``, asked from the provider while the
        customer confirms; past its deadline, the trade is cancelled."""
        trade = self._paycode_trade_of(payment_uuid)
        return self._paycode_locked(trade.id, lambda t: t._paycode_refresh())

    @api.model
    def paycode_cancel(self, payment_uuid):
        """Cancel (reverse) the trade of ``payment_uuid`` unless it is done."""
        trade = self._paycode_trade_of(payment_uuid)
        return self._paycode_locked(trade.id, lambda t: t._paycode_refresh(cancel=True))

    @api.model
    def paycode_refund(self, config_id, payment_method_id, payment_uuid, amount, refunded_uuid):
        """Refund ``amount`` of the trade that paid the POS payment ``refunded_uuid``,
        for the (negative) POS payment line ``payment_uuid`` of a refund order."""
        config, method = self._paycode_check_desk(config_id, payment_method_id)
        payment_uuid = self._paycode_check_uuid(payment_uuid)
        refunded_uuid = self._paycode_check_uuid(refunded_uuid)
        amount = self._paycode_check_amount(amount, config.currency_id)
        # sudo: trades are read-only for cashiers; the one refunded is checked below.
        original = self.sudo().search(
            [("payment_uuid", "=", refunded_uuid), ("state", "=", "done")], limit=1
        )
        if (
            not original
            or original.kind != "payment"
            or original.company_id != config.company_id
            or original.payment_method_id != method
        ):
            raise ValidationError(
                self.env._("The refunded order was not paid by %(method)s.", method=method.name)
            )
        # sudo: see above.
        failed = self.sudo().search_count(
            [("payment_uuid", "=", payment_uuid), ("state", "in", ("error", "cancelled"))]
        )
        attempt_key = f"refund-{failed + 1}"
        trade_id = self._paycode_create(config, method, payment_uuid, attempt_key, amount, original)

        def refund(trade):
            if trade.refunded_trade_id.id != original.id or trade.currency_id.compare_amounts(
                trade.amount, amount
            ):
                raise ValidationError(
                    self.env._("This POS payment was already sent with another amount.")
                )
            if trade.state != "draft":
                return
            # Refunds of one trade queue on its row: together they never exceed it.
            trade.refunded_trade_id._paycode_lock()
            refunded_trade = trade.refunded_trade_id
            refunded = sum(
                (refunded_trade.refund_trade_ids - trade)
                .filtered(lambda t: t.state in ("pending", "done"))
                .mapped("amount")
            )
            currency = refunded_trade.currency_id
            if refunded_trade.state != "done":
                message = self.env._("The refunded payment is not done.")
            elif currency.compare_amounts(refunded + amount, refunded_trade.amount) > 0:
                message = self.env._(
                    "At most %(left)s of this payment is left to refund.",
                    left=currency.round(refunded_trade.amount - refunded),
                )
            else:
                trade._paycode_refresh()
                return
            trade._paycode_write({"state": "error", "message": message})

        return self._paycode_locked(trade_id, refund)

    # ------------------------------------------------------------------ trades

    @api.model
    def _paycode_timeout(self):
        # sudo: a setting every cashier's payment needs, which only admins may read.
        value = self.env["ir.config_parameter"].sudo().get_param(TIMEOUT_PARAM)
        try:
            return max(int(value), 1) if value else DEFAULT_TIMEOUT
        except ValueError:
            return DEFAULT_TIMEOUT

    @api.model
    def _paycode_create(self, config, method, payment_uuid, attempt_key, amount, original=None):
        """The id of the trade of ``payment_uuid``'s ``attempt_key``, inserted and committed
        in a cursor of its own before the provider hears of it, so that a crash after the
        charge leaves a trade the reconciliation cron finds. A replayed call finds the
        first one's trade; a new attempt while another is open or done finds that one."""
        provider = method.payment_code_provider_id
        now = fields.Datetime.now()
        deadline = now + timedelta(seconds=self._paycode_timeout())
        with self.env.registry.cursor() as cr:
            cr.execute(
                SQL(
                    """
                    INSERT INTO pos_payment_code_trade (
                        payment_uuid, attempt_key, kind, reference, refunded_trade_id, config_id,
                        session_id, payment_method_id, provider_id, amount, currency_id,
                        company_id, state, deadline, create_uid, create_date, write_uid,
                        write_date)
                    VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 'draft', %s, %s,
                            %s, %s, %s)
                    ON CONFLICT DO NOTHING
                    """,
                    payment_uuid,
                    attempt_key,
                    "refund" if original else "payment",
                    uuid.uuid4().hex,
                    original.id if original else None,
                    config.id,
                    config.current_session_id.id,
                    method.id,
                    provider.id,
                    amount,
                    config.currency_id.id,
                    config.company_id.id,
                    deadline,
                    self.env.uid,
                    now,
                    self.env.uid,
                    now,
                )
            )
            cr.execute(
                SQL(
                    """
                    SELECT id FROM pos_payment_code_trade
                     WHERE payment_uuid = %s
                       AND (attempt_key = %s OR state IN ('draft', 'pending', 'done'))
                     ORDER BY attempt_key = %s DESC
                     LIMIT 1
                    """,
                    payment_uuid,
                    attempt_key,
                    attempt_key,
                )
            )
            return cr.fetchone()[0]

    @api.model
    def _paycode_locked(self, trade_id, work):
        """Run ``work(trade)`` on the trade locked in a cursor of its own, commit, and
        return the trade's state for the POS."""
        with self.env.registry.cursor() as cr:
            # sudo: the caller's desk was checked; the cashier may not write trades,
            # whose state only a provider's answer sets.
            trade = self.env(cr=cr, su=True)[self._name].browse(trade_id)
            trade._paycode_lock()
            work(trade)
            return trade._paycode_result()

    def _paycode_lock(self):
        """Lock the trades' rows until the end of the transaction and reread them."""
        self.env.cr.execute(
            SQL(
                "SELECT id FROM pos_payment_code_trade WHERE id IN %s FOR UPDATE",
                tuple(self.ids),
            )
        )
        self.invalidate_recordset()

    def _paycode_write(self, vals):
        self.write(vals)
        self.env.flush_all()

    def _paycode_ask(self, action, **kwargs):
        """The provider's answer to ``action``; a failure to reach it is "pending": the
        trade is then queried again, and cancelled at its deadline."""
        self.ensure_one()
        try:
            result = self.provider_id._paycode_call(action, **kwargs)
        except (UserError, ValidationError, OSError, ValueError) as error:
            # The provider's message only: no key, no auth code is in it.
            _logger.warning("Payment code %s of %s failed: %s", action, self.reference, error)
            return {"state": "pending", "provider_reference": None, "message": str(error)}
        if not isinstance(result, dict) or result.get("state") not in (
            "done",
            "pending",
            "cancelled",
            "error",
        ):
            _logger.error("Payment code %s of %s: unexpected answer", action, self.reference)
            return {"state": "pending", "provider_reference": None, "message": None}
        return result

    def _paycode_apply(self, action, **kwargs):
        """Send ``action`` to the provider and record its answer on the trade."""
        self.ensure_one()
        result = self._paycode_ask(action, **kwargs)
        state = result["state"]
        if action == "cancel":
            if state != "cancelled":
                # Still open: the cron cancels it later.
                self._paycode_write({"message": result.get("message") or self.message})
                return
        elif action == "refund" and state == "cancelled":
            state = "error"
        vals = {"state": state, "message": result.get("message") or False}
        if result.get("provider_reference"):
            vals["provider_reference"] = result["provider_reference"]
        self._paycode_write(vals)

    def _paycode_refresh(self, cancel=False):
        """Bring an open trade up to date: query the provider, and cancel it when
        ``cancel`` or past its deadline."""
        self.ensure_one()
        if self.state not in OPEN_STATES:
            return
        if self.kind == "refund":
            # The refund was never acknowledged (a crash or an unreachable provider):
            # asking again with the same refund number is idempotent at the provider.
            self._paycode_apply(
                "refund",
                reference=self.refunded_trade_id.reference,
                refund_reference=self.reference,
                amount=self.amount,
                currency=self.currency_id,
            )
            return
        if not cancel:
            self._paycode_apply("query", reference=self.reference)
            if self.state not in OPEN_STATES or fields.Datetime.now() < self.deadline:
                return
            _logger.info("Payment code trade %s timed out: cancelling it", self.reference)
        self._paycode_apply("cancel", reference=self.reference)
        if self.state == "cancelled" and cancel:
            self._paycode_write({"message": self.env._("Cancelled at the desk.")})
        elif self.state == "cancelled":
            self._paycode_write(
                {"message": self.env._("The customer did not confirm in time: cancelled.")}
            )

    def _paycode_result(self):
        self.ensure_one()
        self.invalidate_recordset()
        return {
            "state": self.state,
            "provider_reference": self.provider_reference or None,
            "message": self.message or None,
            "deadline": fields.Datetime.to_string(self.deadline),
        }

    # ------------------------------------------------------------------ cron

    @api.model
    def _cron_paycode_reconcile(self, limit=50):
        """Cancel open trades past their deadline, and reverse paid trades whose POS
        order never arrived: the customer is never charged without an order."""
        now = fields.Datetime.now()
        overdue = self.search(
            [("state", "in", OPEN_STATES), ("deadline", "<", now)], limit=limit, order="id"
        )
        orphans = self.search(
            [
                ("state", "=", "done"),
                ("kind", "=", "payment"),
                ("pos_payment_id", "=", False),
                ("deadline", "<", now - timedelta(minutes=ORPHAN_MINUTES)),
            ],
            limit=limit,
            order="id",
        )
        for trade in overdue | orphans:
            try:
                self._paycode_locked(trade.id, lambda t: t._paycode_reconcile())
            except psycopg2.errors.SerializationFailure:
                # The desk is polling the same trade right now: the next run sees it.
                _logger.info("Payment code trade %s is busy; left to the next run", trade.id)
            except Exception:
                # One trade's failure must not stop the others; it is tried again.
                _logger.exception("Payment code trade %s could not be reconciled", trade.id)

    def _paycode_reconcile(self):
        self.ensure_one()
        if self.state in OPEN_STATES:
            self._paycode_refresh()
            return
        orphan_before = fields.Datetime.now() - timedelta(minutes=ORPHAN_MINUTES)
        if (
            self.state != "done"
            or self.kind != "payment"
            or self.pos_payment_id
            or self.deadline >= orphan_before
            or self._paycode_link_order()
        ):
            return
        _logger.info("Payment code trade %s has no POS order: reversing it", self.reference)
        self._paycode_apply("cancel", reference=self.reference)
        if self.state == "cancelled":
            self._paycode_write({"message": self.env._("Reversed: its POS order never arrived.")})

    def _paycode_link_order(self):
        """Link the trade to the POS payment of its uuid in a validated order, if any."""
        self.ensure_one()
        payment = self.env["pos.payment"].search(
            [("uuid", "=", self.payment_uuid), ("pos_order_id.state", "!=", "draft")], limit=1
        )
        if payment:
            self._paycode_write({"pos_payment_id": payment.id})
        return bool(payment)
