"""What ``sports.access.api.sync`` hands the proxy: pages of changed entitlements and
credentials under an ``(xid, seq)`` cursor (see ``tools/sync.py``), with the keys, venues,
points and light schedule the proxy needs to decide offline."""

import re
from datetime import datetime

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

# "<xid>:<seq>", both ASCII digits that fit a bigint; during a proxy's first sync also
# "@<catch-up horizon>" (see _page).
CURSOR = re.compile(r"([0-9]{1,19}):([0-9]{1,19})(?:@([0-9]{1,19}))?")
MAX_BIGINT = 2**63 - 1


class SportsAccessSync(models.AbstractModel):
    _name = "sports.access.sync"
    _description = "Access Sync Pages"

    @api.model
    def _parse_cursor(self, cursor):
        """``(xid, seq, catch_up)``: ``catch_up`` is None for the first call of a proxy
        (no cursor), 0 for a plain cursor, or the catch-up horizon of a first sync."""
        if cursor is None or cursor == "" or (type(cursor) is int and cursor == 0):
            return 0, 0, None
        # fullmatch with [0-9]: str.isdigit() also takes "²" and other Unicode digits.
        match = CURSOR.fullmatch(cursor) if isinstance(cursor, str) else None
        if not match or max(int(match[1]), int(match[2]), int(match[3] or 0)) > MAX_BIGINT:
            # self.env._: _() would take the local "cursor" for a database cursor.
            raise UserError(
                self.env._("This is not a cursor returned by sync: start again without a cursor.")
            )
        return int(match[1]), int(match[2]), int(match[3] or 0)

    def _opens_sql(self, entitlement_id, venues):
        """SQL: the entitlement of id ``entitlement_id`` (a column) opens a point of one of
        ``venues``, as ``_opens_any`` decides it in Python."""
        Entitlement = self.env["sports.access.entitlement"]
        by_venue, by_area = Entitlement._fields["venue_ids"], Entitlement._fields["area_ids"]

        def rel(field, where):
            return SQL(
                "EXISTS (SELECT 1 FROM %s r WHERE r.%s = %s%s)",
                SQL.identifier(field.relation),
                SQL.identifier(field.column1),
                entitlement_id,
                where,
            )

        venue_ids = tuple(venues.ids)
        return SQL(
            "(NOT %s OR %s) AND (NOT %s OR %s)",
            rel(by_venue, SQL("")),
            rel(by_venue, SQL(" AND r.%s IN %s", SQL.identifier(by_venue.column2), venue_ids)),
            rel(by_area, SQL("")),
            rel(
                by_area,
                SQL(
                    " AND r.%s IN (SELECT id FROM sports_area WHERE venue_id IN %s)",
                    SQL.identifier(by_area.column2),
                    venue_ids,
                ),
            ),
        )

    def _page(self, cursor, limit, venues):
        """One page of changes after ``cursor`` for ``venues`` (see ``sync``).

        A proxy's first sync (no cursor) leaves out the rows of transactions older than
        its start (the catch-up horizon, carried in the cursor until it is passed) that
        open none of its venues: it holds nothing they would replace, and an operator's
        proxy need not page through every other venue's passes. Rows changed after that
        horizon all come, as tombstones when they open none of its venues, since the
        proxy may hold an earlier copy."""
        xid, seq, catch_up = self._parse_cursor(cursor)
        companies = venues.company_id
        self.env.flush_all()
        cr = self.env.cr
        # Only rows of transactions older than every running one: a transaction still
        # open cannot later commit a row below the cursor we hand out. (Rows of our own
        # transaction are stable for us too; a proxy's sync writes none, tests do.)
        cr.execute(
            SQL(
                "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint, "
                "COALESCE(pg_current_xact_id_if_assigned()::text::bigint, 0)"
            )
        )
        horizon, own_xid = cr.fetchone()
        if catch_up is None:
            catch_up = horizon
        cr.execute(
            SQL(
                """SELECT kind, id, sync_xid, sync_seq FROM (
                       SELECT 'entitlement' AS kind, id, sync_xid, sync_seq
                         FROM sports_access_entitlement e
                        WHERE company_id IN %(companies)s
                          AND (sync_xid >= %(catch_up)s OR %(opens_e)s)
                       UNION ALL
                       SELECT 'credential', id, sync_xid, sync_seq
                         FROM sports_access_credential c
                        WHERE company_id IN %(companies)s
                          AND (sync_xid >= %(catch_up)s OR %(opens_c)s)
                   ) changes
                   WHERE (sync_xid < %(horizon)s OR sync_xid = %(own_xid)s)
                     AND (sync_xid, sync_seq) > (%(xid)s, %(seq)s)
                   ORDER BY sync_xid, sync_seq
                   LIMIT %(limit)s""",
                companies=tuple(companies.ids),
                catch_up=catch_up,
                opens_e=self._opens_sql(SQL("e.id"), venues),
                opens_c=self._opens_sql(SQL("c.entitlement_id"), venues),
                horizon=horizon,
                own_xid=own_xid,
                xid=xid,
                seq=seq,
                limit=limit + 1,
            )
        )
        rows = cr.fetchall()
        more = len(rows) > limit
        rows = rows[:limit]
        if rows:
            xid, seq = rows[-1][2], rows[-1][3]
        # The catch-up horizon stays in the cursor until a row changed after it was handed out.
        tail = f"@{catch_up}" if xid < catch_up else ""
        ids = {"entitlement": [], "credential": []}
        for kind, record_id, _xid, _seq in rows:
            ids[kind].append(record_id)
        entitlements = self.env["sports.access.entitlement"].browse(ids["entitlement"])
        credentials = self.env["sports.access.credential"].browse(ids["credential"])
        venue_ids = set(venues.ids)
        return {
            "cursor": f"{xid}:{seq}{tail}",
            "more": more,
            "server_time": fields.Datetime.now().isoformat() + "Z",
            # A pass that opens none of the caller's points comes as revoked, without its
            # holder, and its credentials without their secrets (nonce, card UID): nothing
            # of it admits anyone, and it replaces what the proxy got before the pass
            # stopped opening its venue.
            "entitlements": [
                self._entitlement_data(e)
                if _opens_any(e, venue_ids)
                else dict(self._entitlement_data(e), state="revoked", partner=None)
                for e in entitlements
            ],
            "credentials": [
                self._credential_data(c)
                if _opens_any(c.entitlement_id, venue_ids)
                else self._credential_tombstone(c)
                for c in credentials
            ],
            "keys": [
                {
                    "key_id": key.key_id,
                    "public_key": key.public_key,
                    "state": key.state,
                    "valid_until": _iso(key.valid_until),
                }
                for key in self.env["sports.access.key"]._trusted(companies)
            ],
            "venues": [venue._arena_access_data() for venue in venues],
            "points": [
                dict(point._facts(), code=point.code, direction=point.direction)
                for point in self.env["sports.access.point"].search(
                    [("venue_id", "in", venues.ids)]
                )
            ],
            "lights": self._lights(venues),
        }

    def _entitlement_data(self, entitlement):
        return {
            "id": entitlement.id,
            "kind": entitlement.kind,
            "ticket_kind": entitlement.ticket_kind or None,
            "state": entitlement.state,
            "company_id": entitlement.company_id.id,
            "venue_ids": entitlement.venue_ids.ids,
            "area_ids": entitlement.area_ids.ids,
            "partner": entitlement.partner_id.name or None,
            "valid_from": _iso(entitlement.valid_from),
            "valid_to": _iso(entitlement.valid_to),
            "uses_left": entitlement.uses_left if entitlement.counted else None,
            "daily_cap": entitlement.daily_cap,
            "opening_hours": entitlement.opening_hours,
            "slot_minutes": entitlement.slot_minutes,
            "first_entry_at": _iso(entitlement.first_entry_at),
            "balance": entitlement.balance if entitlement.pays_per_entry else None,
            "owes": entitlement.owes,
        }

    def _credential_data(self, credential):
        return {
            "id": credential.id,
            "kind": credential.kind,
            "code": credential.code or None,
            "nonce": credential.nonce or None,
            "value": credential.value or None,
            "entitlement_id": credential.entitlement_id.id,
            "state": credential.state,
            "valid_to": _iso(credential.entitlement_id.valid_to),
        }

    def _credential_tombstone(self, credential):
        """A revoked credential without its nonce or value. A QR keeps its code, the
        public id its payload shows: a proxy that finds no code would admit the payload
        on its signed claims alone."""
        return {
            "id": credential.id,
            "kind": credential.kind,
            "code": credential.code or None,
            "nonce": None,
            "value": None,
            "entitlement_id": credential.entitlement_id.id,
            "state": "revoked",
            "valid_to": None,
        }

    def _lights(self, venues):
        """The light schedule of ``venues`` for the next 48 hours: the booked courts'
        lights, which sports_access_booking adds."""
        return []


def _opens_any(entitlement, venue_ids):
    """Whether ``entitlement`` opens a point of one of ``venue_ids``: its venues (none:
    every venue of its company) and its areas (none: every area of those venues)."""
    if entitlement.venue_ids and not set(entitlement.venue_ids.ids) & venue_ids:
        return False
    return not entitlement.area_ids or bool(set(entitlement.area_ids.venue_id.ids) & venue_ids)


def _iso(value):
    return value.isoformat() + "Z" if value else None


def _jsonable(items):
    out = []
    for item in items or []:
        out.append(
            {
                key: (_iso(value) if isinstance(value, datetime) else value)
                for key, value in item.items()
            }
        )
    return out
