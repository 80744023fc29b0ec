from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

from arena_access import devices

# The columns SportsDeviceReading._insert_rows writes, in order.
READING_COLUMNS = ("uuid", "device_id", "venue_id", "company_id", "metric", "value", "measured_at")

# The metrics counters and meters report, as the proxy knows them.
METRICS = list(devices.METRICS)


class SportsDeviceReading(models.Model):
    _name = "sports.device.reading"
    _description = "Device Reading"
    _order = "measured_at desc, id desc"
    _rec_name = "uuid"

    uuid = fields.Char(string="Reading UUID", required=True, readonly=True)
    device_id = fields.Many2one(
        comodel_name="sports.device", required=True, readonly=True, index=True
    )
    venue_id = fields.Many2one(comodel_name="sports.venue", readonly=True, index=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True, index=True)
    metric = fields.Selection(METRICS, required=True, readonly=True)
    value = fields.Float(required=True, readonly=True, digits=(16, 3))
    measured_at = fields.Datetime(required=True, readonly=True, index=True)

    # Unique per company, like access events: no tenant shadows another's readings.
    _uuid_unique = models.Constraint(
        "UNIQUE(uuid, company_id)", "This reading was already recorded."
    )

    # Nobody has the right to create readings (see ir.model.access.csv): the proxy's
    # uploads insert them in bulk through _insert_rows, in SQL.

    def write(self, vals):
        if not self.env.context.get(MODULE_UNINSTALL_FLAG):
            raise UserError(_("Device readings cannot be changed."))
        return super().write(vals)

    @api.model
    def _insert_rows(self, rows):
        """Insert readings in one statement; an existing uuid is skipped, not an error.

        ``rows`` are dicts of the columns above. Returns the set of uuids written. The SQL
        honours the create right as ``create()`` would.
        """
        self.check_access("create")
        if not rows:
            return set()
        now = fields.Datetime.now()
        self.env.cr.execute(
            SQL(
                """INSERT INTO sports_device_reading
                          (uuid, device_id, venue_id, company_id, metric, value, measured_at,
                           create_uid, write_uid, create_date, write_date)
                   VALUES %s
                   ON CONFLICT (uuid, company_id) DO NOTHING
                   RETURNING uuid""",
                SQL(", ").join(
                    SQL(
                        "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                        *(row[column] for column in READING_COLUMNS),
                        self.env.uid,
                        self.env.uid,
                        now,
                        now,
                    )
                    for row in rows
                ),
            )
        )
        return {row[0] for row in self.env.cr.fetchall()}
