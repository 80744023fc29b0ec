"""A proxy's first sync skips the old passes of other venues; a pass that comes to open
its venue brings its credentials again."""

from odoo.fields import Command
from odoo.tests import tagged

from .test_hardening import HardeningCase


@tagged("post_install", "-at_install")
class TestSyncCatchUp(HardeningCase):
    def setUp(self):
        super().setUp()
        self.Sync = self.env["sports.access.sync"]
        self.here = self.ticket(valid_from=False, valid_to=False)
        self.elsewhere = self.elsewhere_ticket()
        # A pass of the whole company that opens only an area of the other venue.
        self.other_area_only = self.ticket(
            venue_ids=[Command.clear()], area_ids=[Command.set(self.other_area.ids)]
        )
        self.env.flush_all()
        self.env.cr.execute("SELECT pg_current_xact_id()::text::bigint")
        # This test's rows are stamped with its own transaction: a catch-up horizon above
        # it makes them "older than the proxy's first sync", one at it makes them newer.
        self.own_xid = self.env.cr.fetchone()[0]

    def pages(self, cursor, limit=1000):
        entitlements, credentials = {}, {}
        while True:
            page = self.Sync._page(cursor, limit, self.venue)
            entitlements.update({e["id"]: e for e in page["entitlements"]})
            credentials.update({c["id"]: c for c in page["credentials"]})
            cursor = page["cursor"]
            if not page["more"]:
                return entitlements, credentials, cursor

    def test_catch_up_leaves_out_old_passes_that_open_none_of_its_venues(self):
        outside = self.elsewhere | self.other_area_only
        for limit in (1000, 1):
            with self.subTest(limit=limit):
                horizon = self.own_xid + 1
                entitlements, credentials, cursor = self.pages(f"0:0@{horizon}", limit)
                self.assertIn(self.here.id, entitlements)
                self.assertEqual(entitlements[self.here.id]["state"], "active")
                qr = self.here.credential_ids
                self.assertEqual(credentials[qr.id]["nonce"], qr.nonce)
                self.assertFalse(set(outside.ids) & entitlements.keys())
                self.assertFalse(set(outside.credential_ids.ids) & credentials.keys())
                # The horizon stays in the cursor until a newer row comes.
                self.assertTrue(cursor.endswith(f"@{horizon}"), cursor)
                page = self.Sync._page(cursor, limit, self.venue)
                self.assertEqual((page["entitlements"], page["credentials"]), ([], []))
                self.assertEqual(page["cursor"], cursor)

    def test_rows_newer_than_the_horizon_come_as_tombstones(self):
        outside = self.elsewhere | self.other_area_only
        for cursor in (f"0:0@{self.own_xid}", "0:0", None):
            with self.subTest(cursor=cursor):
                entitlements, credentials, last = self.pages(cursor)
                for ticket in outside:
                    self.assertEqual(entitlements[ticket.id]["state"], "revoked")
                for credential in outside.credential_ids:
                    self.assertEqual(
                        (credentials[credential.id]["state"], credentials[credential.id]["nonce"]),
                        ("revoked", None),
                    )
                self.assertNotIn("@", last, "no horizon once newer rows were handed out")

    def test_a_pass_that_comes_to_open_the_venue_brings_its_credentials(self):
        _entitlements, credentials, cursor = self.pages(None)
        uid = self.elsewhere.credential_ids.filtered(lambda c: c.kind == "uid")
        self.assertEqual(
            (credentials[uid.id]["state"], credentials[uid.id]["value"]), ("revoked", None)
        )
        self.elsewhere.venue_ids = [Command.link(self.venue.id)]
        entitlements, credentials, _cursor = self.pages(cursor)
        self.assertEqual(entitlements[self.elsewhere.id]["state"], "active")
        for credential in self.elsewhere.credential_ids:
            self.assertEqual(credentials[credential.id]["state"], "active")
        self.assertEqual(credentials[uid.id]["value"], uid.value)
        # ...and it leaves again: the other venue's proxy side is a tombstone once more.
        self.elsewhere.venue_ids = [Command.unlink(self.venue.id)]
        _entitlements, credentials, _cursor = self.pages(_cursor)
        self.assertEqual(credentials[uid.id]["state"], "revoked")
