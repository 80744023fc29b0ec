import logging
import random
import uuid as uuidlib
from datetime import datetime, timedelta

import pytz

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

from ..tools.rules import REASONS

_logger = logging.getLogger(__name__)

# The columns _insert_rows writes, with their PostgreSQL types.
EVENT_COLUMNS = {
    "uuid": "varchar",
    "point_id": "int4",
    "area_id": "int4",
    "venue_id": "int4",
    "company_id": "int4",
    "credential_id": "int4",
    "credential_kind": "varchar",
    "credential_ref": "varchar",
    "entitlement_id": "int4",
    "partner_id": "int4",
    "person_key": "varchar",
    "direction": "varchar",
    "decision": "varchar",
    "reason": "varchar",
    "device_time": "timestamp",
    "server_time": "timestamp",
    "source": "varchar",
    "note": "varchar",
}


class SportsAccessEvent(models.Model):
    _name = "sports.access.event"
    _description = "Access Event"
    _order = "device_time desc, id desc"
    _rec_name = "uuid"

    uuid = fields.Char(string="Event UUID", required=True, readonly=True)
    point_id = fields.Many2one(
        comodel_name="sports.access.point", required=True, readonly=True, index=True
    )
    # Few indexes: uploads insert thousands of rows at a time. Venue and time queries use
    # (venue_id, device_time); an entitlement's history uses (entitlement_id, device_time).
    area_id = fields.Many2one(comodel_name="sports.area", readonly=True)
    venue_id = fields.Many2one(comodel_name="sports.venue", readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True, index=True)
    credential_id = fields.Many2one(
        comodel_name="sports.access.credential", readonly=True, index="btree_not_null"
    )
    credential_kind = fields.Selection(
        selection=lambda self: self.env["sports.access.credential"]._fields["kind"].selection,
        readonly=True,
    )
    credential_ref = fields.Char(
        string="Credential Reference",
        readonly=True,
        help="QR code id or card UID as read; never the whole signed payload.",
    )
    entitlement_id = fields.Many2one(comodel_name="sports.access.entitlement", readonly=True)
    partner_id = fields.Many2one(comodel_name="res.partner", readonly=True)
    person_key = fields.Char(
        readonly=True,
        help="Who passed, for unique visitors: the partner, else the credential.",
    )
    direction = fields.Selection([("in", "Entry"), ("out", "Exit")], required=True, readonly=True)
    decision = fields.Selection(
        [("granted", "Granted"), ("denied", "Denied")], required=True, readonly=True
    )
    reason = fields.Selection(
        [(reason, reason.replace("_", " ").capitalize()) for reason in REASONS], readonly=True
    )
    device_time = fields.Datetime(required=True, readonly=True)
    server_time = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    source = fields.Selection(
        [("online", "Online"), ("offline", "Offline")], required=True, readonly=True
    )
    note = fields.Char(readonly=True)

    _uuid_unique = models.Constraint("UNIQUE(uuid)", "This event was already recorded.")
    _venue_time_index = models.Index("(venue_id, device_time)")
    _entitlement_time_index = models.Index(
        "(entitlement_id, device_time) WHERE entitlement_id IS NOT NULL"
    )

    # Nobody has the right to create events (see ir.model.access.csv): gates and readers
    # write the log through _record, the one method that does it, in SQL.

    def write(self, vals):
        if not self.env.context.get(MODULE_UNINSTALL_FLAG):
            raise UserError(_("The access log is append-only."))
        return super().write(vals)

    def unlink(self):
        if not self.env.context.get(MODULE_UNINSTALL_FLAG):
            raise UserError(_("The access log is append-only."))
        return super().unlink()

    # ------------------------------------------------------------------ recording

    @api.model
    def _record(self, passages, consume):
        """Write access events (skipping known uuids) and count granted entries.

        ``passages`` are event values with ``uuid``, ``point_id``, ``device_time`` and
        ``source``. Returns the events written.
        """
        Point = self.env["sports.access.point"]
        points = Point.browse({p["point_id"] for p in passages})
        by_point = {point.id: point for point in points}
        rows = []
        for passage in passages:
            point = by_point[passage["point_id"]]
            partner = passage.get("partner_id")
            person = (
                f"p{partner}"
                if partner
                else f"c{passage['credential_id']}"
                if passage.get("credential_id")
                else f"r{passage.get('credential_ref') or passage['uuid']}"
            )
            rows.append(
                dict(
                    passage,
                    area_id=point.area_id.id,
                    venue_id=point.venue_id.id,
                    company_id=point.company_id.id,
                    person_key=person,
                )
            )
        # sudo: no user may create access events; this is the one method that writes
        # the log, called by the access API once it has checked the caller.
        events = self.sudo()._insert_rows(rows)
        if consume:
            written = set(events.ids)
            # Only entries of entitlements that count something need more work: a day
            # pass or a booking has nothing to count.
            counted = (
                self.env["sports.access.entitlement"]
                .browse({row["entitlement_id"] for row in rows if row.get("entitlement_id")})
                .filtered(lambda e: e.counted or e.slot_minutes or e.card_id)
            )
            todo = {
                row["uuid"]
                for row in rows
                if row["decision"] == "granted"
                and row["direction"] == "in"
                and row.get("entitlement_id") in counted.ids
            }
            if todo:
                for event in events.filtered(lambda e: e.uuid in todo and e.id in written):
                    event._consume_entry()
        return events

    @api.model
    def _insert_rows(self, rows):
        """Insert events in one statement; an existing uuid is skipped, not an error.

        The SQL honours the create right as ``create()`` would: only ``_record`` and
        trusted server code (demo data, tests) reach it.
        """
        self.check_access("create")
        if not rows:
            return self.browse()
        now = fields.Datetime.now()
        uid = self.env.uid
        # One array a column, unnested: a statement of a fixed size, whatever the rows.
        arrays = SQL(", ").join(
            SQL(
                "%s::%s[]",
                [now if column == "server_time" else (row.get(column) or None) for row in rows],
                SQL(sql_type),
            )
            for column, sql_type in EVENT_COLUMNS.items()
        )
        self.env.cr.execute(
            SQL(
                """INSERT INTO sports_access_event
                          (%s, create_uid, write_uid, create_date, write_date)
                   SELECT *, %s, %s, %s, %s FROM unnest(%s)
                   ON CONFLICT (uuid) DO NOTHING
                   RETURNING id""",
                SQL(", ").join(SQL.identifier(column) for column in EVENT_COLUMNS),
                uid,
                uid,
                now,
                now,
                arrays,
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        return self.browse(ids)

    def _consume_entry(self):
        """Count a granted entry on its entitlement; a failure is noted on the event."""
        self.ensure_one()
        event = self
        entitlement = event.entitlement_id
        point = event.point_id
        space = point.space_id or self._space_for(entitlement, point)
        error = entitlement._consume(event.device_time, space=space, key=f"access-{event.uuid}")
        if error:
            _logger.warning("Entry %s granted but not counted: %s", event.uuid, error)
            self.env.cr.execute(
                SQL("UPDATE sports_access_event SET note = %s WHERE id = %s", error[:500], event.id)
            )
            event.invalidate_recordset(["note"])

    def _space_for(self, entitlement, point):
        """The first space of the point's area that the entitlement's card may use."""
        spaces = point.area_id.space_ids
        card = entitlement.card_id
        if card:
            card_type = card.type_id
            if card_type.space_ids:
                spaces = spaces & card_type.space_ids
            if card_type.sport_ids:
                spaces = spaces.filtered(lambda s: s.sport_ids & card_type.sport_ids)
        return spaces[:1]

    # ------------------------------------------------------------------ queries

    @api.model
    def _local_midnight(self, venue, at=None):
        tz = pytz.timezone(venue.tz or "Asia/Shanghai")
        local = pytz.utc.localize(at or datetime.utcnow()).astimezone(tz)
        midnight = tz.localize(datetime.combine(local.date(), datetime.min.time()))
        return midnight.astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _occupancy(self, venues):
        """``{area_id: entries - exits}`` of granted passages since each venue's midnight."""
        counts = {}
        # A venue being created in a form (a NewId) has no passage yet.
        for venue in venues.filtered(lambda v: isinstance(v.id, int)):
            self.env.cr.execute(
                SQL(
                    """SELECT area_id,
                              COUNT(*) FILTER (WHERE direction = 'in')
                              - COUNT(*) FILTER (WHERE direction = 'out')
                         FROM sports_access_event
                        WHERE venue_id = %s AND decision = 'granted' AND device_time >= %s
                        GROUP BY area_id""",
                    venue.id,
                    self._local_midnight(venue),
                )
            )
            counts.update({area: max(count, 0) for area, count in self.env.cr.fetchall()})
        return counts

    # ------------------------------------------------------------------ demo

    @api.model
    def _demo_generate(self, days=30):
        """Gate passes for the demo cards and bookings, a few sold tickets, and ``days``
        days of synthetic passages at the demo venue, then their daily statistics."""
        ref = self.env.ref
        venue = ref("sports_venue.venue_csc")
        self.env["sports.card"].search([("kind", "in", ("count", "period"))])._access_sync()
        self.env["sports.booking"].search(
            [("state", "in", ("confirmed", "checked_in")), ("venue_id", "=", venue.id)]
        )._access_sync()
        now = fields.Datetime.now()
        Entitlement = self.env["sports.access.entitlement"]
        sales = [
            ("sports_access.ticket_type_swim_single", "sports_booking.partner_member_chen"),
            ("sports_access.ticket_type_swim_ten", "sports_booking.partner_member_liu"),
            ("sports_access.ticket_type_gym_day", "sports_booking.partner_guest_zhou"),
            ("sports_access.ticket_type_swim_slot", "sports_booking.partner_guest_wu"),
        ]
        member = self.env["res.users"].search([("login", "=", "member")], limit=1)
        if member:
            sales.append(("sports_access.ticket_type_swim_single", member.partner_id))
        for type_xmlid, partner in sales:
            ticket_type = ref(type_xmlid)
            partner = ref(partner) if isinstance(partner, str) else partner
            Entitlement._issue([ticket_type._entitlement_vals(partner, now)])

        points = self.env["sports.access.point"].search([("venue_id", "=", venue.id)])
        by_code = {point.code: point for point in points}
        pairs = [("pool-in-1", "pool-out-1"), ("gym-in-1", "gym-out-1")]
        credentials = self.env["sports.access.credential"].search(
            [("company_id", "=", venue.company_id.id), ("state", "=", "active")]
        )
        rng = random.Random(20261125)
        rows = []
        today = fields.Date.context_today(self.with_context(tz=venue.tz))
        for day_offset in range(days, -1, -1):
            day = today - timedelta(days=day_offset)
            opening, _close = Entitlement._day_bounds(venue.tz, day)
            weekend = day.weekday() >= 5
            visitors = rng.randint(260, 380) if weekend else rng.randint(140, 240)
            for visitor in range(visitors):
                known = credentials and rng.random() < 0.08
                credential = rng.choice(credentials) if known else None
                person = (
                    f"p{credential.partner_id.id}"
                    if credential and credential.partner_id
                    else f"rqr:{day}-{visitor}"
                )
                entry_in, entry_out = pairs[rng.random() < 0.45]
                visits = 1 if rng.random() < 0.85 else 2
                start = opening + timedelta(hours=6.5 + rng.random() * 13)
                for _visit in range(visits):
                    stay = timedelta(minutes=rng.randint(40, 150))
                    if start + stay > min(now, opening + timedelta(hours=22)):
                        break
                    for code, moment in ((entry_in, start), (entry_out, start + stay)):
                        point = by_code[code]
                        rows.append(
                            {
                                "uuid": str(uuidlib.UUID(int=rng.getrandbits(128), version=4)),
                                "point_id": point.id,
                                "area_id": point.area_id.id,
                                "venue_id": venue.id,
                                "company_id": venue.company_id.id,
                                "credential_id": credential.id if credential else None,
                                "credential_kind": credential.kind if credential else "qr",
                                "credential_ref": None if credential else person[1:],
                                "entitlement_id": credential.entitlement_id.id
                                if credential
                                else None,
                                "partner_id": credential.partner_id.id if credential else None,
                                "person_key": person,
                                "direction": point.direction,
                                "decision": "granted",
                                "reason": None,
                                "device_time": moment,
                                "source": "offline",
                            }
                        )
                    if rng.random() < 0.03:
                        point = by_code[entry_in]
                        rows.append(
                            dict(
                                rows[-2],
                                uuid=str(uuidlib.UUID(int=rng.getrandbits(128), version=4)),
                                decision="denied",
                                reason=rng.choice(["passback", "expired", "sharing"]),
                                device_time=start + timedelta(minutes=1),
                            )
                        )
                    start += stay + timedelta(minutes=rng.randint(30, 240))
        for index in range(0, len(rows), 2000):
            self._insert_rows(rows[index : index + 2000])
        self.env["sports.access.daily"]._compute_days(today - timedelta(days=days), today, venue)
