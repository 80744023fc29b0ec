"""What each worker remembers for ``verify`` (the proxy key's match, the proxy's venues,
the points' configuration, the signing keys) never outlives a change: the next call,
over real HTTP, sees it."""

import hashlib
import uuid
from datetime import timedelta

from odoo import fields
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import SQL

from odoo.addons.sports_venue.tests.json2 import post_json2

from ..models.res_users_apikeys import _MATCHED
from .common import AccessCase


@tagged("post_install", "-at_install")
class TestVerifyCache(AccessCase, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.venue.resource_calendar_id = False  # open around the clock: real-time calls
        cls.proxy_user, cls.proxy_key = cls.venue._arena_proxy_provision("cache")

    def verify(self, credential, point, key=None):
        return post_json2(
            self,
            "sports.access.api",
            "verify",
            key or self.proxy_key,
            credential=credential,
            point=point,
            uuid=str(uuid.uuid4()),
        )

    def open_ticket(self):
        return self.ticket(
            counted=False,
            uses_left=0,
            valid_from=False,
            valid_to=False,
            area_ids=[Command.clear()],
        )

    def assertGranted(self, answer):
        status, body = answer
        self.assertEqual(status, 200, body)
        self.assertEqual((body["decision"], body["reason"]), ("granted", None), body)

    def key_rows(self, user):
        # sudo: API keys are not readable as records, even by the administrator.
        return self.env["res.users.apikeys"].sudo().search([("user_id", "=", user.id)])

    # ------------------------------------------------------------------ the API key

    def test_a_proxy_key_is_hashed_once_and_a_wrong_key_never_matches(self):
        ticket = self.open_ticket()
        self.assertGranted(self.verify(ticket.qr_token, "pool-in-1"))
        self.assertIn(hashlib.sha256(self.proxy_key.encode()).digest(), _MATCHED)
        # Same index (first 8 characters), another key: hashed in full, refused.
        wrong = self.proxy_key[:-4] + ("0000" if self.proxy_key[-4:] != "0000" else "1111")
        status, _body = self.verify(ticket.qr_token, "pool-out-1", key=wrong)
        self.assertEqual(status, 401)
        self.assertEqual(self.verify(ticket.qr_token, "pool-out-1", key="0" * 40)[0], 401)
        self.assertGranted(self.verify(ticket.qr_token, "pool-out-1"))

    def test_a_removed_key_is_refused_at_the_next_call(self):
        ticket = self.open_ticket()
        self.assertGranted(self.verify(ticket.qr_token, "pool-in-1"))
        self.key_rows(self.proxy_user)._remove()
        status, _body = self.verify(ticket.qr_token, "pool-out-1")
        self.assertEqual(status, 401)

    def test_an_expired_key_is_refused_at_the_next_call(self):
        ticket = self.open_ticket()
        self.assertGranted(self.verify(ticket.qr_token, "pool-in-1"))
        past = fields.Datetime.now() - timedelta(minutes=1)
        self.env.cr.execute(
            SQL(
                "UPDATE res_users_apikeys SET expiration_date = %s WHERE user_id = %s",
                past,
                self.proxy_user.id,
            )
        )
        self.assertEqual(self.verify(ticket.qr_token, "pool-out-1")[0], 401)

    def test_an_archived_proxy_user_is_refused_at_the_next_call(self):
        ticket = self.open_ticket()
        self.assertGranted(self.verify(ticket.qr_token, "pool-in-1"))
        self.proxy_user.active = False
        self.assertEqual(self.verify(ticket.qr_token, "pool-out-1")[0], 401)
        self.proxy_user.active = True
        self.assertGranted(self.verify(ticket.qr_token, "pool-out-1"))

    def test_a_proxy_user_that_loses_its_group_is_refused(self):
        ticket = self.open_ticket()
        self.assertGranted(self.verify(ticket.qr_token, "pool-in-1"))
        group = self.env.ref("sports_access.group_arena_proxy")
        self.proxy_user.group_ids = [Command.unlink(group.id)]
        self.assertEqual(self.verify(ticket.qr_token, "pool-out-1")[0], 403)

    def test_the_keys_of_other_users_are_not_remembered(self):
        staff = new_test_user(self.env, "cache_staff", groups="sports_venue.group_arena_user")
        key = self.env["res.users.apikeys"].with_user(staff).sudo()._generate(None, "s", None)
        before = len(_MATCHED)
        status, body = post_json2(self, "res.users", "context_get", key)
        self.assertEqual(status, 200, body)
        self.assertEqual(len(_MATCHED), before)
        self.key_rows(staff)._remove()
        self.assertEqual(post_json2(self, "res.users", "context_get", key)[0], 401)

    # ------------------------------------------------------------------ venues and points

    def test_a_venue_taken_from_the_proxy_is_out_of_reach_at_once(self):
        ticket = self.open_ticket()
        self.assertGranted(self.verify(ticket.qr_token, "pool-in-1"))
        other = self.env["sports.venue"].create({"name": "Elsewhere", "code": "TELS"})
        self.proxy_user.arena_proxy_venue_ids = [Command.set(other.ids)]
        status, body = self.verify(ticket.qr_token, "pool-out-1")
        self.assertEqual((status, body["reason"]), (200, "unknown_point"), body)

    def test_a_point_change_is_used_by_the_next_verify(self):
        ticket = self.open_ticket()
        self.assertGranted(self.verify(ticket.qr_token, "gym-in-1"))
        point = self.points["gym-in-1"]
        point.code = "gym-in-9"
        self.assertIn("default", self.env.registry.cache_invalidated, "other workers are told")
        self.assertEqual(self.verify(ticket.qr_token, "gym-in-1")[1]["reason"], "unknown_point")
        self.assertGranted(self.verify(ticket.qr_token, "gym-in-9"))
        point.active = False
        self.assertEqual(self.verify(ticket.qr_token, "gym-in-9")[1]["reason"], "unknown_point")

    def test_an_area_rule_change_is_used_by_the_next_verify(self):
        ticket = self.open_ticket()
        self.assertGranted(self.verify(ticket.qr_token, "gym-in-1"))
        self.assertGranted(self.verify(ticket.qr_token, "gym-in-1"))  # no anti-passback
        self.gym.access_anti_passback = True
        self.assertIn("default", self.env.registry.cache_invalidated)
        status, body = self.verify(ticket.qr_token, "gym-in-1")
        self.assertEqual((body["decision"], body["reason"]), ("denied", "passback"), body)
        self.points["gym-in-1"].entry_price = 30.0
        self.assertEqual(self.points["gym-in-1"]._facts()["price"], 30.0)

    def test_a_retired_signing_key_stops_verifying_when_its_codes_expire(self):
        ticket = self.open_ticket()
        self.assertGranted(self.verify(ticket.qr_token, "gym-in-1"))
        keys = (
            self.env["sports.access.key"]
            .sudo()
            .search([("company_id", "=", self.company.id), ("state", "=", "active")])
        )
        keys.write({"state": "retired", "retired_at": fields.Datetime.now()})
        keys.valid_until = fields.Datetime.now() + timedelta(days=1)
        self.assertGranted(self.verify(ticket.qr_token, "gym-in-1"))
        keys.valid_until = fields.Datetime.now() - timedelta(minutes=1)
        status, body = self.verify(ticket.qr_token, "gym-in-1")
        self.assertEqual((body["decision"], body["reason"]), ("denied", "invalid_signature"))

    # ------------------------------------------------------------------ the venue's hours

    def test_hours_given_to_a_venue_are_used_by_the_next_verify(self):
        """Whether a venue has a calendar is read from the cached hours of the day, not
        from the venue's record: giving it one (closed all week) or taking it away
        reaches the next call."""
        ticket = self.open_ticket()  # opening_hours: only while the venue is open
        self.assertTrue(ticket.opening_hours)
        self.assertGranted(self.verify(ticket.qr_token, "gym-in-1"))
        never = self.env["resource.calendar"].create(
            {"name": "Never open", "attendance_ids": [Command.clear()]}
        )
        self.venue.resource_calendar_id = never
        self.assertIn("default", self.env.registry.cache_invalidated, "other workers are told")
        status, body = self.verify(ticket.qr_token, "gym-in-1")
        self.assertEqual((body["decision"], body["reason"]), ("denied", "closed"), body)
        self.venue.resource_calendar_id = False
        self.assertGranted(self.verify(ticket.qr_token, "gym-in-1"))

    # ------------------------------------------------------------------ retries

    def test_a_retry_over_http_answers_the_first_decision_and_counts_once(self):
        """verify inserts its event without looking the uuid up first: a retry finds the
        uuid taken, writes nothing and answers the first event, partner included."""
        ticket = self.ticket(valid_from=False, valid_to=False, opening_hours=False)
        event_uuid = str(uuid.uuid4())

        def call():
            return post_json2(
                self,
                "sports.access.api",
                "verify",
                self.proxy_key,
                credential=ticket.qr_token,
                point="pool-in-1",
                uuid=event_uuid,
            )

        first, again = call(), call()
        self.assertEqual(first, again)
        self.assertEqual(first[1]["decision"], "granted", first)
        self.assertEqual(first[1]["partner"], "Li Na")
        self.assertEqual(self.Event.search_count([("uuid", "=", event_uuid)]), 1)
        ticket.invalidate_recordset(["uses_left"])
        self.assertEqual(ticket.uses_left, 0)
