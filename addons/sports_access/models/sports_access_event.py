import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

from arena_access import REASONS

from ..tools import cache

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
# The statement of ``_insert_rows``, written once from the constant columns above (no
# input goes into its text): built per call, its SQL objects cost a gate a tenth of a ms.
_COLUMN_LIST = ", ".join(f'"{column}"' for column in EVENT_COLUMNS)
INSERT_EVENTS = f"""INSERT INTO sports_access_event
           ({_COLUMN_LIST}, create_uid, write_uid, create_date, write_date)
    SELECT *, %s, %s, %s, %s
      FROM unnest({", ".join(f"%s::{sql_type}[]" for sql_type in EVENT_COLUMNS.values())})
    ON CONFLICT (uuid, company_id) DO NOTHING
    RETURNING id, {_COLUMN_LIST}"""  # noqa: S608 (constants only)


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

    # A uuid is unique per company: one tenant's proxy can neither see nor shadow another
    # tenant's events (the name is kept so that an upgrade replaces the global UNIQUE(uuid)).
    _uuid_unique = models.Constraint("UNIQUE(uuid, company_id)", "This event was already recorded.")
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
        rows = []
        for passage in passages:
            # Each worker remembers a point's configuration until a point is written.
            point = Point._gate_config(passage["point_id"])
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
                    area_id=point["area_id"],
                    venue_id=point["venue_id"],
                    company_id=point["company_id"],
                    person_key=person,
                )
            )
        # sudo: no user may create access events; this is the one method that writes
        # the log, called by the access API once it has checked the caller.
        events = self.sudo()._insert_rows(rows)
        if consume:
            written = set(events.ids)
            # Only entries of entitlements that count something need more work: a day
            # pass has nothing to count.
            counted = (
                self.env["sports.access.entitlement"]
                .browse({row["entitlement_id"] for row in rows if row.get("entitlement_id")})
                .filtered(lambda e: e._counts_entries())
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
        arrays = [
            [now if column == "server_time" else (row.get(column) or None) for row in rows]
            for column in EVENT_COLUMNS
        ]
        self.env.cr.execute(SQL(INSERT_EVENTS, uid, uid, now, now, *arrays))
        # What reads the new events next (counting the entry, the answer at the gate)
        # reads no row.
        return cache.cached_rows(self, EVENT_COLUMNS, self.env.cr.fetchall())

    def _consume_entry(self):
        """Count a granted entry on its entitlement; a failure is noted on the event."""
        self.ensure_one()
        event = self
        entitlement = event.entitlement_id
        point = event.point_id
        space = self.env["sports.space"]
        if entitlement._consumes_on_space():
            space = space.browse(point._gate_config(point.id)["space_id"]) or self._space_for(
                entitlement, point
            )
        error = entitlement._consume(
            event.device_time, space=space, key=f"access-{event.uuid}", event=event
        )
        if error:
            _logger.warning("Entry %s granted but not counted: %s", event.uuid, error)
            self.env.cr.execute(
                SQL("UPDATE sports_access_event SET note = %s WHERE id = %s", error[:500], event.id)
            )
            event.invalidate_recordset(["note"])

    def _space_for(self, entitlement, point):
        """The space an entry at ``point`` is counted on when the point names none: the
        first space of its area (sports_access_membership narrows it to a card's scope)."""
        return point.area_id.space_ids[:1]

    # ------------------------------------------------------------------ queries

    @api.model
    def _local_midnight(self, venue, at=None):
        return venue._day_bounds(venue._local_date(at or fields.Datetime.now()))[0]

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
