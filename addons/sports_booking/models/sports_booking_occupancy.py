import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .sports_booking_rules import BLOCKING_STATES

# First key of the transaction-level advisory locks on space units (the second is the
# unit's id): "BK" in ASCII, so that other code's advisory locks cannot collide with them.
UNIT_LOCK_NAMESPACE = 0x424B


class SportsBookingOccupancy(models.Model):
    """One row per atomic space unit a booking occupies.

    PostgreSQL refuses two blocking rows of one unit whose time ranges overlap
    (``EXCLUDE USING gist``), so a full court and its halves can never be double
    booked, whatever the number of concurrent transactions. Rows are written by
    :meth:`_sync_bookings` only.
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
    # Named sports_booking_occupancy_no_overlap in the database. The btree_gist extension
    # it needs (for ``unit_id WITH =``) is created by the addon's pre_init_hook.
    _no_overlap = models.Constraint(
        "EXCLUDE USING gist (unit_id WITH =, "
        "tstzrange(start_at AT TIME ZONE 'UTC', end_at AT TIME ZONE 'UTC', '[)') WITH &&) "
        "WHERE (is_blocking)",
        "This space is already booked at this time. Choose another time or space.",
    )

    @api.model
    def _sync_bookings(self, bookings, created=False):
        """Rewrite the occupancy rows of ``bookings``: one row per unit of the booked space;
        the exclusion constraint refuses overlapping blocking rows. Bookings just
        ``created`` have no rows yet: nothing is deleted first.

        A violation (another transaction won the race) becomes a ValidationError; the
        savepoint keeps the transaction usable.

        Concurrent transactions writing rows of one unit take turns: each first takes a
        transaction-level lock on every unit it writes, in unit order, and the rows are
        inserted in the same order. Without the locks two transactions that insert
        overlapping rows at the same moment both find the other's row while checking the
        constraint, wait for each other and deadlock (the PostgreSQL documentation of
        exclusion constraints warns of it); without the order a full-court booking and a
        half-court booking could wait for each other. The loser of a turn waits for the
        winner's commit and then gets the constraint's violation, which is its answer.
        """
        if not bookings:
            return
        bookings.flush_recordset()
        self.env["sports.space"].flush_model(["unit_ids"])
        cr = self.env.cr
        cr.execute(
            SQL(
                """
            SELECT pg_advisory_xact_lock(%(namespace)s, units.unit_id)
              FROM (SELECT DISTINCT u.unit_id
                      FROM sports_booking b
                      JOIN sports_space_unit_rel u ON u.space_id = b.space_id
                     WHERE b.id = ANY(%(ids)s)
                     ORDER BY u.unit_id) AS units
            """,
                namespace=UNIT_LOCK_NAMESPACE,
                ids=bookings.ids,
            )
        )
        try:
            with cr.savepoint(flush=False):
                if not created:
                    cr.execute(
                        SQL(
                            "DELETE FROM sports_booking_occupancy WHERE booking_id = ANY(%s)",
                            bookings.ids,
                        ),
                        log_exceptions=False,
                    )
                cr.execute(
                    SQL(
                        """
                    INSERT INTO sports_booking_occupancy
                           (booking_id, unit_id, start_at, end_at, is_blocking, company_id)
                    SELECT b.id, u.unit_id, b.start_at,
                           CASE WHEN b.checked_out_at IS NOT NULL AND b.checked_out_at > b.start_at
                                 AND b.checked_out_at < b.end_at
                                THEN b.checked_out_at ELSE b.end_at END,
                           b.state IN %(blocking)s, b.company_id
                      FROM sports_booking b
                      JOIN sports_space_unit_rel u ON u.space_id = b.space_id
                     WHERE b.id = ANY(%(ids)s)
                     ORDER BY u.unit_id, b.id
                    """,
                        blocking=BLOCKING_STATES,
                        ids=bookings.ids,
                    ),
                    log_exceptions=False,
                )
        except psycopg2.errors.ExclusionViolation:
            for booking in bookings:
                clash = bookings._find_clashes(
                    booking.space_id, booking.start_at, booking.end_at, bookings
                )
                if clash:
                    raise ValidationError(
                        bookings._clash_message(booking.space_id, clash)
                    ) from None
            raise ValidationError(
                _("These spaces were just booked by someone else. Choose another time.")
            ) from None
        self.invalidate_model()
