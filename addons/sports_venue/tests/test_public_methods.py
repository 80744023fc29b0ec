import uuid
from datetime import datetime, time, timedelta
from functools import cached_property

import psycopg2
import pytz

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from .public_methods import METHODS, NOT_API
from .public_methods_scan import WriteProbe, arena_public_methods

# Rights that are access rights on a model; every other right is a group or "proxy".
MODEL_RIGHTS = ("read", "write", "create", "unlink")


class PublicMethodsFixture:
    """Valid receivers and arguments for the methods of ``public_methods.METHODS``.

    Built on demand from the demo data of the main company (the CSC venue), as the
    superuser, so that only the methods of installed addons build what they need.
    """

    def __init__(self, env):
        self.env = env

    @staticmethod
    def new_uuid():
        return str(uuid.uuid4())

    @cached_property
    def venue(self):
        return self.env.ref("sports_venue.venue_csc")

    @cached_property
    def space(self):
        Space = self.env["sports.space"]
        domain = [("venue_id", "=", self.venue.id), ("sport_ids", "!=", False)]
        if "bookable" in Space._fields:
            domain.append(("bookable", "=", True))
        return Space.search(domain, limit=1)

    @cached_property
    def partner(self):
        return self.env["res.partner"].create({"name": "Fixture Holder", "phone": "13900139001"})

    @cached_property
    def other_partner(self):
        return self.env["res.partner"].create({"name": "Fixture Heir", "phone": "13900139002"})

    @cached_property
    def day(self):
        return fields.Date.to_string(fields.Date.context_today(self.venue) + timedelta(days=1))

    @cached_property
    def free_slot(self):
        """The first slot of the coming days that staff may book on ``space``.

        Found by booking it and undoing that, so that malformed arguments to ``book`` are
        the only reason for a refusal.
        """
        space = self.space
        minutes = max(space._min_minutes(), space._slot_minutes())
        tz = pytz.timezone(self.venue._tz_name())
        today = fields.Date.context_today(self.venue)
        for days in range(1, 8):
            for hour in range(9, 21):
                local = datetime.combine(today + timedelta(days=days), time(hour))
                start = tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None)
                end = start + timedelta(minutes=minutes)
                savepoint = self.env.cr.savepoint()
                try:
                    self.env["sports.booking"].book(space.id, start, end, self.partner.id)
                except UserError:
                    continue
                finally:
                    savepoint.close(rollback=True)
                return fields.Datetime.to_string(start), fields.Datetime.to_string(end)
        raise AssertionError(f"No free slot on {space.display_name} in the coming week.")

    @property
    def free_start(self):
        return self.free_slot[0] if "sports.booking" in self.env else self._later(0)

    @property
    def free_end(self):
        return self.free_slot[1] if "sports.booking" in self.env else self._later(1)

    @staticmethod
    def _later(hours):
        start = fields.Datetime.now().replace(microsecond=0, second=0, minute=0)
        return fields.Datetime.to_string(start + timedelta(days=1, hours=hours))

    # ------------------------------------------------------------ sports_access
    @cached_property
    def point(self):
        return self.env["sports.access.point"].search([("venue_id", "=", self.venue.id)], limit=1)

    @cached_property
    def ticket_type(self):
        return self.env["sports.ticket.type"].search(
            [("company_id", "=", self.venue.company_id.id)], limit=1
        )

    @cached_property
    def ticket_qr(self):
        ticket = self.env["sports.ticket.type"].sell(
            self.ticket_type.id, partner=self.partner.id, reason="Public methods test"
        )
        return ticket[:1].qr_token

    def event(self, credential):
        return {
            "uuid": self.new_uuid(),
            "point": self.point.code,
            "credential": credential,
            "direction": "in",
            "decision": "granted",
            "reason": None,
            "device_time": fields.Datetime.now().isoformat() + "+00:00",
        }

    def reading(self):
        device = self.env["sports.device"].search([("venue_id", "=", self.venue.id)], limit=1)
        return {
            "uuid": self.new_uuid(),
            "device": device.identifier,
            "metric": "people_in",
            "value": 1,
            "measured_at": fields.Datetime.now().isoformat() + "+00:00",
        }

    @cached_property
    def daily(self):
        day = fields.Date.context_today(self.venue) - timedelta(days=1)
        return self.env["sports.access.daily"]._compute_days(day, day, self.venue)

    @cached_property
    def signing_key(self):
        return self.env["sports.access.key"]._active_for(self.venue.company_id)

    @cached_property
    def sale_order(self):
        return self.env["sale.order"].create(
            {"partner_id": self.partner.id, "company_id": self.venue.company_id.id}
        )

    # ------------------------------------------------------------ sports_booking
    def _booking(self, state):
        booking = self.env["sports.booking"].search(
            [
                ("venue_id", "=", self.venue.id),
                ("state", "=", state),
                ("kind", "=", "booking"),
                ("start_at", ">", fields.Datetime.now() + timedelta(days=2)),
                ("amount_total", ">", 0),
            ],
            limit=1,
        )
        if not booking:
            raise AssertionError(f"The demo data has no future {state} booking.")
        return booking

    @cached_property
    def booking(self):
        return self._booking("confirmed")

    @cached_property
    def held_booking(self):
        return self._booking("held")

    @cached_property
    def recurrence(self):
        return self.env["sports.booking.recurrence"].create(
            {"space_id": self.space.id, "partner_id": self.partner.id, "weeks": 1}
        )

    # ------------------------------------------------------------ sports_membership
    def _card(self, kind):
        self.venue.company_id._arena_card_accounting()
        card_type = self.env["sports.card.type"].search(
            [("kind", "=", kind), ("company_id", "in", [False, self.venue.company_id.id])],
            limit=1,
        )
        return self.env["sports.card"].create(
            {"type_id": card_type.id, "partner_id": self.partner.id}
        )

    @cached_property
    def card(self):
        card = self._card("stored_value")
        card.topup(100.0, f"fixture-{card.id}")
        return card

    @cached_property
    def count_card(self):
        return self._card("count")

    @cached_property
    def frozen_card(self):
        card = self._card("stored_value")
        card.freeze()
        return card

    @cached_property
    def card_type(self):
        return self.card.type_id

    @cached_property
    def card_operation(self):
        return self.env["sports.card.operation"].create(
            {"card_id": self.card.id, "operation": "topup", "amount": 10.0}
        )

    # ------------------------------------------------------------ sports_pos
    @cached_property
    def pos_config(self):
        """The front desk of the venue, with an open session."""
        config = self.env["pos.config"].search([("sports_venue_id", "=", self.venue.id)], limit=1)
        if not config:
            raise AssertionError(f"The demo data has no front desk at {self.venue.name}.")
        if not config.current_session_id:
            self.env["pos.session"].create({"user_id": self.env.uid, "config_id": config.id})
        return config

    @cached_property
    def pos_order(self):
        session = self.pos_config.current_session_id
        return self.env["pos.order"].create(
            {
                "session_id": session.id,
                "company_id": session.company_id.id,
                "partner_id": self.partner.id,
                "amount_tax": 0.0,
                "amount_total": 0.0,
                "amount_paid": 0.0,
                "amount_return": 0.0,
            }
        )

    @cached_property
    def timed_items(self):
        """Two timed items of the desk's venue that run no session."""
        items = self.env["sports.timed.item"].search(
            [("venue_id", "=", self.pos_config.sports_venue_id.id)]
        )
        running = self.env["sports.timed.session"].search([("state", "=", "running")]).item_id
        items = items - running
        if len(items) < 2:
            raise AssertionError(f"The demo data has no two free timed items at {self.venue.name}.")
        return items[:2]

    def _timed_session(self, item):
        Session = self.env["sports.timed.session"]
        return Session._start_timed(self.pos_config, "item", item.id, self.partner)

    @cached_property
    def running_session(self):
        return self._timed_session(self.timed_items[1])

    @cached_property
    def stopped_session(self):
        # Stopped at once: its item stays free for ``pos_start``.
        session = self._timed_session(self.timed_items[0])
        session._stop_timed(fields.Datetime.now())
        return session

    @cached_property
    def card_payment_method(self):
        company = self.pos_config.company_id
        return self.env["pos.payment.method"]._sports_card_payment_method(company)


def installed_methods(env):
    """The entries of the table whose model and method are installed."""
    return [m for m in METHODS if m.model in env and hasattr(type(env[m.model]), m.method)]


def right_model(method):
    right, _sep, model = method.right.partition(":")
    return right, model or method.model


def has_right(env, user, method):
    """Whether ``user`` holds the right the table gives ``method``."""
    right, model = right_model(method)
    if right == "proxy":
        return user.has_group("sports_access.group_arena_proxy") or user.has_group(
            "sports_venue.group_arena_user"
        )
    if right in MODEL_RIGHTS:
        return env["ir.model.access"].with_user(user).check(model, right, raise_exception=False)
    return user.has_group(method.right)


@tagged("post_install", "-at_install")
class TestPublicMethods(TransactionCase):
    """Every public method of Arena is in the rights table, and refuses who lacks its right."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.ref("base.main_company")
        cls.portal = new_test_user(cls.env, "pm_portal", groups="base.group_portal")
        cls.bureau = new_test_user(
            cls.env,
            "pm_bureau",
            groups="sports_venue.group_sports_bureau",
            company_id=company.id,
            company_ids=[company.id],
        )
        cls.staff = new_test_user(
            cls.env,
            "pm_staff",
            groups="sports_venue.group_arena_user",
            company_id=company.id,
            company_ids=[company.id],
        )
        cls.attackers = [cls.portal, cls.bureau, cls.staff]
        if "arena_proxy_venue_ids" in cls.env["res.users"]._fields:
            # The proxy of the other operator's venue.
            other = cls.env.ref("sports_venue.venue_xwfit")
            cls.attackers.append(other._arena_proxy_provision()[0])

    def test_every_public_method_is_in_the_table(self):
        found = arena_public_methods(self.env)
        self.assertIn(("sports.venue", "action_view_spaces"), found, "the listing finds methods")
        listed = {m.key for m in METHODS} | NOT_API
        missing = sorted(set(found) - listed)
        self.assertFalse(
            missing,
            "Public methods without an entry in sports_venue/tests/public_methods.py: add "
            "each with the right it needs, and check that right first in the method: "
            + ", ".join(f"{model}.{name} ({found[model, name]})" for model, name in missing),
        )
        gone = sorted({m.key for m in installed_methods(self.env)} - set(found))
        self.assertFalse(gone, f"Entries of the table that are no public method: {gone}")

    def test_callers_without_the_right_are_refused_before_anything_is_written(self):
        fx = PublicMethodsFixture(self.env)
        failures = []
        for method in installed_methods(self.env):
            records, kwargs = method.valid(fx)
            self.env.flush_all()
            for user in self.attackers:
                if has_right(self.env, user, method):
                    continue
                label = f"{method.model}.{method.method} as {user.login}"
                failure = self._call_refused(method, records, kwargs, user)
                if failure:
                    failures.append(f"{label}: {failure}")
        if failures:
            self.fail("\n".join(["Callers without the right got through:", *failures]))

    def _call_refused(self, method, records, kwargs, user):
        """None when the call is refused as it must be, else what went wrong."""
        right = right_model(method)[0]
        expected = AccessError if right in MODEL_RIGHTS else UserError
        self.env.flush_all()
        probe = WriteProbe(self.env.cr)
        savepoint = self.env.cr.savepoint()
        try:
            receiver = records if records is not None else self.env[method.model]
            receiver = receiver.with_user(user).with_company(user.company_id)
            try:
                getattr(receiver, method.method)(**kwargs)
                self.env.flush_all()
            except expected:
                error = None
            except Exception as exc:  # noqa: BLE001 (reported, not hidden)
                error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"
            else:
                error = "no error"
            try:
                self.env.flush_all()
                written = probe.written(savepoint)
            except psycopg2.Error as exc:
                # The transaction broke: nothing it did can be committed.
                written = []
                error = error or f"{type(exc).__name__}: {exc}"
        finally:
            # Undo whatever got through, so that the next call starts from the same data.
            savepoint.close(rollback=True)
            self.env.invalidate_all()
        if written:
            error = f"{error or expected.__name__} but wrote {', '.join(written)}"
        return error
