import secrets
from datetime import date

from odoo.fields import Command
from odoo.tests import tagged

from arena_access import OpeningWindows
from arena_access import token as qrtoken

from ..models.sports_access_entitlement import epoch
from .common import AccessCase, load_vectors, local


@tagged("post_install", "-at_install")
class TestAccessVectors(AccessCase):
    """``data/access_vectors.json``: the decisions the hardware proxy must reproduce."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vectors = load_vectors()
        Key = cls.env["sports.access.key"]
        Key.search([("company_id", "=", cls.company.id)]).write({"state": "retired"})
        cls.keys = {}
        for name in cls.vectors["trusted_keys"]:
            cls.keys[name] = Key._generate(cls.company, cls.vectors["keys"][name])
        # The second trusted key was rotated out but still verifies what it signed.
        cls.keys["k2"].sudo().write(
            {"state": "retired", "valid_until": local("2099-01-01T00:00:00+00:00")}
        )
        # The price of an entry at the vectors' priced points, on the points themselves.
        for code, spec in cls.vectors["points"].items():
            if spec.get("price"):
                cls.points[code].entry_price = spec["price"]
        # The venue's closures and holidays: leaves of its working calendar.
        cls.env["resource.calendar.leaves"].create(
            [
                {
                    "name": leave["name"],
                    "calendar_id": cls.calendar.id,
                    "date_from": local(leave["from"]),
                    "date_to": local(leave["to"]),
                }
                for leave in cls.vectors["venue"]["leaves"]
            ]
        )

    def test_sync_sends_the_opening_windows_of_the_vectors(self):
        """What sync sends for the venue is what the proxy decides the vectors with."""
        hours = self.vectors["venue"]["hours"]
        start = local(hours["horizon"][0])
        data = self.venue._arena_access_data(at=start)
        self.assertEqual(OpeningWindows.from_json(data), OpeningWindows.from_json(hours))
        self.assertEqual(data["closures"], hours["closures"])
        self.assertIn(date(2026, 11, 27).isoformat(), data["closures"])

    def test_encoding_vectors_sign_to_the_same_token(self):
        for vector in self.vectors["encoding"]:
            with self.subTest(key=vector["key"]):
                token = qrtoken.sign(
                    self.vectors["keys"][vector["key"]],
                    vector["code"],
                    vector["venue"],
                    vector["kind"],
                    vector["valid_from"],
                    vector["valid_to"],
                    vector["nonce"],
                )
                self.assertEqual(token, vector["token"])
                public = bytes.fromhex(self.keys[vector["key"]].public_key)
                claims = qrtoken.verify(token, {vector["key_id"]: public})
                self.assertEqual(
                    (claims.code, claims.venue_id, claims.kind, claims.nonce),
                    (vector["code"], vector["venue"], vector["kind"], vector["nonce"]),
                )

    def test_decision_vectors(self):
        self.assertGreaterEqual(len(self.vectors["cases"]), 40)
        for case in self.vectors["cases"]:
            with self.subTest(case=case["name"]), self.env.cr.savepoint(flush=False) as sp:
                answer = self._run_case(case)
                self.assertEqual(
                    {"decision": answer["decision"], "reason": answer["reason"]},
                    case["expect"],
                    case["name"],
                )
                sp.rollback()

    def _run_case(self, case):
        spec = case["entitlement"]
        entitlement = self.Entitlement._issue(
            [
                {
                    "name": case["name"][:60],
                    "kind": spec["kind"],
                    "company_id": self.company.id,
                    "venue_ids": [Command.set(self.venue.ids)],
                    "area_ids": [Command.set([self.areas[a].id for a in spec["areas"]])],
                    "valid_from": local(spec["valid_from"]),
                    "valid_to": local(spec["valid_to"]),
                    "counted": spec["uses_left"] is not None,
                    "uses_left": spec["uses_left"] or 0,
                    "daily_cap": spec["daily_cap"],
                    "opening_hours": spec["opening_hours"],
                    "pays_per_entry": spec.get("balance") is not None,
                    "balance": spec.get("balance") or 0.0,
                    "owes": spec.get("owes", False),
                }
            ],
            qr=False,
        )
        if spec["state"] != "active":
            entitlement.sudo().state = spec["state"]
        value = self._credential(case["credential"], entitlement)
        for passage in case["history"]:
            point = self.points[passage["point"]]
            direction = passage.get("direction") or point.direction
            self.Event._insert_rows(
                [
                    {
                        "uuid": secrets.token_hex(16),
                        "point_id": point.id,
                        "area_id": point.area_id.id,
                        "venue_id": self.venue.id,
                        "company_id": self.company.id,
                        "credential_id": entitlement.credential_ids[:1].id,
                        "entitlement_id": entitlement.id,
                        "person_key": f"e{entitlement.id}",
                        "direction": direction,
                        "decision": "granted",
                        "device_time": local(passage["at"]),
                        "source": "offline",
                    }
                ]
            )
        return self.Gate._verify(value, case["point"], self.venue, at=local(case["at"]))

    def _credential(self, spec, entitlement):
        """Create the case's credential; return what the reader reads."""
        Credential = self.env["sports.access.credential"].sudo()
        if spec["kind"] == "uid":
            credential = Credential.create(
                {"kind": "uid", "entitlement_id": entitlement.id, "value": spec["value"]}
            )
            if spec["state"] == "revoked":
                credential._revoke("test")
            return "FFFFFFFF" if spec.get("unknown") else spec["value"]
        code, nonce = Credential._new_code(), secrets.token_bytes(8).hex()
        seed = self.vectors["keys"][spec["key"]]
        token = qrtoken.sign(
            seed,
            code,
            self.venue.id,
            entitlement.kind,
            epoch(entitlement.valid_from),
            epoch(entitlement.valid_to),
            nonce,
        )
        credential = Credential.create(
            {
                "kind": "qr",
                "entitlement_id": entitlement.id,
                "code": code,
                "nonce": nonce,
                "token": token,
            }
        )
        if spec["state"] == "revoked":
            credential._revoke("test")
        tamper = spec.get("tamper")
        if tamper == "signature":
            raw = qrtoken.unb64url(token)
            return qrtoken.b64url(raw[:-1] + bytes([raw[-1] ^ 0x01]))
        if tamper == "payload":
            raw = qrtoken.unb64url(token)
            return qrtoken.b64url(raw[:9] + bytes([raw[9] ^ 0x01]) + raw[10:])
        if tamper == "truncate":
            return token[:-12]
        if tamper == "garbage":
            return "!!" + "x" * (qrtoken.TOKEN_SIZE + 20)
        return token
