from odoo import fields, models
from odoo.tools import SQL

EXCLUSION_NAME = "sports_booking_occupancy_no_overlap"


class SportsBookingOccupancy(models.Model):
    """One row per atomic space unit a booking occupies.

    PostgreSQL refuses two blocking rows of one unit whose time ranges overlap
    (``EXCLUDE USING gist``), so a full court and its halves can never be double
    booked, whatever the number of concurrent transactions. Rows are written by
    :meth:`sports.booking._sync_occupancy` only.
    """

    _name = "sports.booking.occupancy"
    _description = "Booking Occupancy of a Space Unit"
    _order = "start_at"
    _log_access = False

    booking_id = fields.Many2one(
        comodel_name="sports.booking", required=True, index=True, ondelete="cascade"
    )
    unit_id = fields.Many2one(
        comodel_name="sports.space", required=True, index=True, ondelete="restrict"
    )
    start_at = fields.Datetime(required=True)
    end_at = fields.Datetime(required=True)
    is_blocking = fields.Boolean(
        default=True, help="Cancelled and expired bookings keep their rows without blocking."
    )
    company_id = fields.Many2one(comodel_name="res.company", required=True, index=True)

    _range_valid = models.Constraint(
        "CHECK(end_at > start_at)", "An occupancy must end after it starts."
    )

    def init(self):
        res = super().init()
        self.env.cr.execute(SQL("SELECT 1 FROM pg_constraint WHERE conname = %s", EXCLUSION_NAME))
        if not self.env.cr.fetchone():
            self.env.cr.execute(
                SQL(
                    """
                ALTER TABLE sports_booking_occupancy ADD CONSTRAINT %s
                EXCLUDE USING gist (
                    unit_id WITH =,
                    tstzrange(start_at AT TIME ZONE 'UTC', end_at AT TIME ZONE 'UTC', '[)') WITH &&
                ) WHERE (is_blocking)
                """,
                    SQL.identifier(EXCLUSION_NAME),
                )
            )
        return res
