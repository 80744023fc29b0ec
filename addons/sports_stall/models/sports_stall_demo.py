import logging
import random
import time
import uuid
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

# The most days of sales the demo makes: about a month and a week, 3 sessions a day.
MAX_DAYS = 35

# Orders a day at each till, and the share of them refunded later that day.
ORDERS_PER_DAY = (5, 15)
REFUND_CHANCE = 0.15
# How customers pay at the stalls: cash, bank card, member card (when the card is there).
PAYMENT_WEIGHTS = (3, 4, 3)


class SportsStallDemo(models.AbstractModel):
    """Demo data of the merchant stalls that depends on the day the database is created:
    the stalls' sales from the first day of the previous month until yesterday, through
    the POS's own order processing and session closing, and the previous month settled."""

    _name = "sports.stall.demo"
    _description = "Merchant Stall Demo Data"

    # ------------------------------------------------------------------ set-up

    @api.model
    def _setup(self, tills, card_fee=None):
        """Open the demo tills for business.

        ``tills`` maps each till (a pos.config id) to the ids of the stalls it sells for.
        Limits each till to its stalls' POS categories, adds the member card payment
        method to the tills where sports_pos_membership is installed (with ``card_fee``,
        ``(rate, passed_on)``, on each contract) and activates the contracts.
        """
        Stall = self.env["sports.stall"]
        stalls = Stall.browse(sorted({s for ids in tills.values() for s in ids}))
        configs = self.env["pos.config"].browse(list(tills))
        for config in configs:
            categs = Stall.browse(tills[config.id]).pos_category_id
            config.write(
                {"limit_categories": True, "iface_available_categ_ids": [Command.set(categs.ids)]}
            )
        card_method = self._card_method(configs.company_id)
        if card_method:
            configs.payment_method_ids = [Command.link(card_method.id)]
            if card_fee:
                rate, passed_on = card_fee
                self.env["sports.stall.fee"].create(
                    [
                        {
                            "contract_id": contract.id,
                            "payment_method_id": card_method.id,
                            "rate": rate,
                            "passed_on": passed_on,
                        }
                        for contract in stalls.contract_ids
                        if card_method not in contract.fee_ids.payment_method_id
                    ]
                )
        stalls.contract_ids.filtered(lambda c: c.state == "draft").action_activate()
        return True

    @api.model
    def _card_method(self, company):
        """The member card payment method of ``company``, or nothing when
        sports_pos_membership is not installed (no dependency on it)."""
        Method = self.env["pos.payment.method"]
        if not hasattr(Method, "_sports_card_payment_method") or not company.chart_template:
            return Method
        return Method._sports_card_payment_method(company)

    # ------------------------------------------------------------------ sales

    @api.model
    def _sales(self, tills, cards=(), topup=0.0, topup_ref=None, seed=16):
        """A closed POS session a day at each till (``{config id: [stall ids]}``) from the
        first day of the previous month (at most ``MAX_DAYS`` days back, so late in a month
        the previous month's sales start later) until yesterday, in the venue's time zone.

        Each session has 5 to 15 orders within the venue's opening hours, paid by cash,
        bank card or one of the member cards ``cards`` (xmlids; topped up first by ``topup``
        with ``topup_ref``, when sports_pos_membership is installed), a few refunds, and
        at a till shared by several stalls one order a day with lines of two stalls.
        Orders go through ``pos.order._process_order`` (what ``sync_from_ui`` runs for
        each order) and sessions through the POS's closing; the sessions' and payments'
        times are then set back to the day they stand for.

        The administrator works the tills: the POS opens no session for the superuser.
        """
        admin = self.env.ref("base.user_admin")
        configs = self.env["pos.config"].browse(list(tills))
        if self.env["pos.session"].search_count([("config_id", "in", configs.ids)], limit=1):
            return True  # an update of the module: the demo's days are sold already
        return (
            self.with_user(admin)
            .with_company(configs.company_id)
            .with_context(tracking_disable=True, mail_create_nolog=True, mail_notrack=True)
            ._sell_days(tills, cards, topup, topup_ref, seed)
        )

    @api.model
    def _sell_days(self, tills, cards, topup, topup_ref, seed):
        started = time.monotonic()
        configs = self.env["pos.config"].browse(list(tills))
        venue = configs.sports_venue_id
        venue.ensure_one()
        rng = random.Random(seed)
        today = venue._local_date(fields.Datetime.now())
        # From the first day of the previous month, but never more than MAX_DAYS days
        # back: closing a session is most of the demo's load time.
        first = max(
            today.replace(day=1) - relativedelta(months=1), today - timedelta(days=MAX_DAYS)
        )
        days = [first + timedelta(days=n) for n in range((today - first).days)]
        catalogue = self._catalogue(tills)
        card_ids = [
            card.id for card in (self.env.ref(x, raise_if_not_found=False) for x in cards) if card
        ]
        cards, balances = self._cards(configs.company_id, card_ids, topup, topup_ref)
        card_method = self._card_method(configs.company_id) if cards else False
        closed, closing = [], 0.0
        for day in days:
            intervals = venue._day_open_intervals(day)
            if not intervals:
                continue  # a closure
            for config in configs:
                methods = self._methods(config, card_method)
                session = self._open(config, intervals[0][0])
                close_at = self._sell(
                    session, catalogue[config.id], methods, cards, balances, intervals, rng
                )
                closing -= time.monotonic()
                self._close(session, close_at)
                closing += time.monotonic()
                closed.append(session)
        sessions = self.env["pos.session"].union(*closed)
        self._date_back(venue, sessions, first)
        _logger.info(
            "Stall demo: %d closed sessions, %d orders in %.1f s (closing the sessions: %.1f s)",
            len(sessions),
            len(sessions.order_ids),
            time.monotonic() - started,
            closing,
        )
        return True

    @api.model
    def _settle_previous_month(self, venue_id):
        """Settle the previous month of ``venue_id``'s stalls with a monthly settlement
        run (its bills, invoices and netting entries); the current month stays open."""
        venue = self.env["sports.venue"].browse(venue_id)
        today = venue._local_date(fields.Datetime.now())
        last = today.replace(day=1) - timedelta(days=1)
        Run = self.env["sports.stall.settlement.run"]
        if Run.search_count([("venue_id", "=", venue.id), ("date_to", ">=", last)], limit=1):
            return True  # an update of the module: settled already
        run = Run.create(
            {
                "venue_id": venue.id,
                "company_id": venue.company_id.id,
                "cycle": "monthly",
                "date_from": last.replace(day=1),
                "date_to": last,
            }
        )
        run.action_run()
        return True

    @api.model
    def _catalogue(self, tills):
        """``{config id: [(stall, products)]}``: what each till sells, per stall."""
        Product = self.env["product.product"]
        products = Product.search(
            [
                ("sports_stall_id", "in", [s for ids in tills.values() for s in ids]),
                ("available_in_pos", "=", True),
            ],
            order="default_code",
        )
        return {
            config_id: [
                (stall, products.filtered(lambda p, s=stall: p.sports_stall_id == s))
                for stall in self.env["sports.stall"].browse(stall_ids)
            ]
            for config_id, stall_ids in tills.items()
        }

    @api.model
    def _cards(self, company, card_ids, topup, topup_ref):
        """The member cards that pay (those of ``company`` only), topped up by ``topup``,
        and their spendable balances, kept here so that no spend is ever refused."""
        if not card_ids or not self._card_method(company):
            return [], {}
        cards = (
            self.env["sports.card"]
            .browse(card_ids)
            .filtered(lambda c: c.company_id == company and c.state == "active")
        )
        for card in cards:
            if topup:
                card.topup(topup, f"demo-stall-topup-{card.id}", ref=topup_ref)
        cards.invalidate_recordset(["balance_total"])
        return list(cards), {card.id: card.balance_total for card in cards}

    @api.model
    def _methods(self, config, card_method):
        """``(cash, bank card, member card)`` of ``config``; the card may be empty."""
        methods = config.payment_method_ids
        cash = methods.filtered("is_cash_count")[:1]
        bank = methods.filtered(lambda m: not m.is_cash_count and not m.use_payment_terminal)
        card = card_method if card_method and card_method in methods else False
        return cash, bank[:1], card

    @api.model
    def _open(self, config, start_at):
        """Open a session of ``config`` as it stood at ``start_at`` (naive UTC)."""
        config.open_ui()
        session = config.current_session_id
        session.set_opening_control(session.cash_register_balance_start, None)
        session.start_at = start_at
        return session

    @api.model
    def _close(self, session, stop_at):
        """Count the cash and close ``session`` as the POS does, at ``stop_at``."""
        session.stop_at = stop_at
        if session.cash_journal_id:
            # The cash balances are computed fields that do not depend on what is counted:
            # read them afresh, as the POS's closing screen would in its own request.
            cash = ["cash_register_balance_end", "cash_register_difference"]
            session.invalidate_recordset(cash)
            result = session.post_closing_cash_details(session.cash_register_balance_end)
            if not result.get("successful"):
                raise UserError(result.get("message"))
            session.invalidate_recordset(cash)
        result = session.close_session_from_ui()
        if not result.get("successful"):
            raise UserError(result.get("message"))

    @api.model
    def _sell(self, session, catalogue, methods, cards, balances, intervals, rng):
        """The day's orders of ``session``; returns when the till closed (naive UTC)."""
        # Order times within the opening hours, none in the last half hour.
        spans = [(start, end - timedelta(minutes=30)) for start, end in intervals]
        spans = [(start, end) for start, end in spans if end > start]
        moments = sorted(self._moment(rng, spans) for _n in range(rng.randint(*ORDERS_PER_DAY)))
        plans = []
        for index, at in enumerate(moments):
            if index == 0 and len(catalogue) > 1:
                # One order a day mixes two stalls of a shared till.
                picks = [(products, 1) for _stall, products in catalogue[:2]]
            else:
                picks = [(rng.choice(catalogue)[1], rng.choice((1, 1, 2, 3)))]
            lines = [
                (product, rng.choice((1, 1, 1, 2)) if product.lst_price < 100 else 1)
                for products, n in picks
                for product in rng.sample(products, min(n, len(products)))
            ]
            method, card = self._pay_with(rng, methods, cards, balances, lines)
            plans.append((at, lines, method, card))
        refunds = [
            (index, min(at + timedelta(minutes=rng.randint(5, 40)), spans[-1][1]))
            for index, (at, _lines, _method, card) in enumerate(plans)
            if not card and rng.random() < REFUND_CHANCE
        ]
        orders = self._create_paid([self._order_data(session, *plan) for plan in plans])
        if refunds:
            self._create_paid(
                [
                    self._refund_data(session, later, orders[index], plans[index][2])
                    for index, later in refunds
                ]
            )
        # The till closes a while after its last sale, at the latest when the venue does.
        last = max([moments[-1], *(later for _index, later in refunds)])
        return min(last + timedelta(minutes=20), spans[-1][1] + timedelta(minutes=30))

    @api.model
    def _create_paid(self, vals_list):
        """Create the orders ``vals_list`` (as the POS sends them) in one batch, then pay
        each through the POS's order processing (``_process_saved_order``, where the
        member cards are charged)."""
        orders = self.env["pos.order"].create(vals_list)
        for order in orders:
            order._process_saved_order(False)
        return orders

    @staticmethod
    def _moment(rng, spans):
        start, end = rng.choice(spans)
        seconds = int((end - start).total_seconds())
        return start + timedelta(seconds=rng.randrange(seconds))

    @api.model
    def _pay_with(self, rng, methods, cards, balances, lines):
        cash, bank, card_method = methods
        total = sum(product.lst_price * qty for product, qty in lines)
        choices = [(cash, False), (bank, False)]
        weights = list(PAYMENT_WEIGHTS[:2])
        if card_method and cards:
            card = rng.choice(cards)
            if balances[card.id] >= total:
                choices.append((card_method, card))
                weights.append(PAYMENT_WEIGHTS[2])
        choices, weights = zip(
            *[(c, w) for c, w in zip(choices, weights, strict=True) if c[0]], strict=True
        )
        method, card = rng.choices(choices, weights=weights)[0]
        if card:
            balances[card.id] -= total
        return method, card

    @api.model
    def _order_data(self, session, at, lines, method, card):
        """What the POS sends for a paid order at ``at`` (naive UTC)."""
        currency = session.currency_id
        line_vals = []
        for product, qty in lines:
            amount = currency.round(product.lst_price * qty)
            line_vals.append(
                Command.create(
                    {
                        "uuid": str(uuid.uuid4()),
                        "product_id": product.id,
                        "qty": qty,
                        "price_unit": product.lst_price,
                        "discount": 0.0,
                        "price_subtotal": amount,
                        "price_subtotal_incl": amount,
                        "tax_ids": [Command.set([])],
                    }
                )
            )
        total = currency.round(sum(vals[2]["price_subtotal_incl"] for vals in line_vals))
        payment = {
            "uuid": str(uuid.uuid4()),
            "amount": total,
            "payment_method_id": method.id,
            "payment_date": fields.Datetime.to_string(at),
        }
        if card:
            payment["sports_card_ref"] = card.id
        return self._order_vals(session, at, line_vals, total, [Command.create(payment)])

    @api.model
    def _refund_data(self, session, at, original, method):
        """A refund at ``at`` of the first line of ``original``, paid back by ``method``."""
        line = original.lines[:1]
        amount = -line.price_subtotal_incl
        line_vals = [
            Command.create(
                {
                    "uuid": str(uuid.uuid4()),
                    "product_id": line.product_id.id,
                    "qty": -line.qty,
                    "price_unit": line.price_unit,
                    "discount": 0.0,
                    "price_subtotal": amount,
                    "price_subtotal_incl": amount,
                    "tax_ids": [Command.set([])],
                    "refunded_orderline_id": line.id,
                }
            )
        ]
        payment = {
            "uuid": str(uuid.uuid4()),
            "amount": amount,
            "payment_method_id": method.id,
            "payment_date": fields.Datetime.to_string(at),
        }
        return self._order_vals(session, at, line_vals, amount, [Command.create(payment)])

    @api.model
    def _order_vals(self, session, at, lines, total, payments):
        return {
            "uuid": str(uuid.uuid4()),
            "access_token": str(uuid.uuid4()),
            "session_id": session.id,
            "user_id": self.env.uid,
            "date_order": fields.Datetime.to_string(at),
            "state": "draft",
            "amount_total": total,
            "amount_tax": 0.0,
            "amount_paid": total,
            "amount_return": 0.0,
            "pricelist_id": session.config_id.pricelist_id.id,
            "fiscal_position_id": False,
            "partner_id": False,
            "to_invoice": False,
            "last_order_preparation_change": "{}",
            "lines": lines,
            "payment_ids": payments,
        }
