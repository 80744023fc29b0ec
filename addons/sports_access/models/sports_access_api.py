"""The API of the hardware proxy: ``sync``, ``upload_events``, ``upload_readings`` and
``verify``.

Called over JSON-2 (``POST /json/2/sports.access.api/<method>``) with the API key of an
*Arena proxy* user, who has no access rights of its own: every method checks the caller
and its limits, then hands the work to the model that owns it, for the venues the proxy
user is bound to and nothing else. See ``docs/proxy-api.md``.

- the decision at a gate: ``sports.access.gate`` (``sports_access_gate.py``);
- checking uploaded events and readings: ``sports.access.upload``;
- sync pages: ``sports.access.sync``;
- writing the log and the readings: ``sports.access.event`` and ``sports.device.reading``.
"""

from odoo import _, api, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.sports_venue.tools import inputs

from arena_access.credentials import MAX_LENGTH

from .sports_access_gate import CONTROL

MAX_BATCH = 1000
MAX_PAGE = 1000


class SportsAccessApi(models.AbstractModel):
    _name = "sports.access.api"
    _description = "Access Proxy API"

    # ------------------------------------------------------------------ caller

    @api.model
    def _caller_venues(self):
        """Venues the caller may act for: a proxy's bound venues, or staff's venues."""
        user = self.env.user
        if user.has_group("sports_access.group_arena_proxy"):
            # Remembered by each worker until the binding or a venue changes.
            venues = self.env["sports.venue"].browse(
                self.env["res.users"]._arena_proxy_venues(user.id)
            )
        elif user.has_group("sports_venue.group_arena_user"):
            venues = self.env["sports.venue"].search([])
        else:
            raise AccessError(_("Only an Arena proxy or venue staff may use the access API."))
        if not venues:
            raise AccessError(_("This proxy user is bound to no venue."))
        return venues.sudo()

    @api.model
    def _check_batch(self, batch, events=True):
        """A batch is a list of at most ``MAX_BATCH`` items."""
        if not isinstance(batch, list):
            if events:
                raise UserError(_("The batch must be a list of events."))
            raise UserError(_("The batch must be a list of readings."))
        if len(batch) > MAX_BATCH:
            if events:
                raise UserError(_("Send at most %(max)s events at a time.", max=MAX_BATCH))
            raise UserError(_("Send at most %(max)s readings at a time.", max=MAX_BATCH))

    @api.model
    def _check_verify_args(self, credential, point, uuid, direction):
        """``(credential, point, uuid, direction)`` as ``verify`` was given them, checked
        for their types; a ``ValidationError`` (HTTP 422) names the one that is wrong.

        A credential of the right shape that reads as nothing is not an error here: the
        gate denies it as ``malformed``, as a reader may read garbage.
        """
        env = self.env
        read = credential.get("value") if isinstance(credential, dict) else credential
        if (
            isinstance(credential, dict)
            and (set(credential) - {"kind", "value"} or not isinstance(credential.get("kind"), str))
        ) or not isinstance(read, str):
            raise ValidationError(
                env._('The credential must be the text read, or {"kind": ..., "value": ...}.')
            )
        if CONTROL.search(read) or len(read) > 4 * MAX_LENGTH:
            raise ValidationError(
                env._("The credential holds control characters or is far too long.")
            )
        if isinstance(point, int) and not isinstance(point, bool):
            # An id that names no point of the caller's venues is denied as unknown_point.
            if not 0 < point < 2**31:
                raise ValidationError(env._("The access point must be a code or an id."))
        else:
            point = inputs.key(env, point, env._("The access point"))
        uuid = inputs.key(env, uuid, env._("The event uuid"), required=False)
        if uuid is not None:
            uuid = self.env["sports.access.gate"]._clean_uuid(uuid)
        if direction is not None:
            direction = inputs.choice(env, direction, env._("The direction"), ("in", "out"))
        return credential, point, uuid, direction

    # ------------------------------------------------------------------ public methods

    @api.model
    def verify(self, credential, point, uuid=None, direction=None):
        """Decide a passage now, record it in the access log and count the entry.

        ``credential`` is a QR payload, a card UID, or ``{"kind": ..., "value": ...}``;
        ``point`` is the access point code (or id). ``uuid`` makes a retry return the
        first decision. Returns ``{"decision", "reason", "uuid", "partner", "message"}``.
        """
        venues = self._caller_venues()
        credential, point, uuid, direction = self._check_verify_args(
            credential, point, uuid, direction
        )
        # sudo: the caller was checked above and the work stays within its venues.
        return (
            self.env["sports.access.gate"]
            .sudo()
            ._verify(credential, point, venues, uuid=uuid, direction=direction)
        )

    @api.model
    def upload_events(self, batch):
        """Store the proxy's events. Idempotent by uuid; a bad event never spoils the rest.

        Returns ``{"accepted": [uuid], "duplicates": [uuid], "rejected": [{"uuid",
        "index", "error"}]}``. Granted entries count a use, keyed on the event uuid.
        """
        venues = self._caller_venues()
        self._check_batch(batch)
        # sudo: the caller was checked above and events are bound to its venues' points.
        return self.env["sports.access.upload"].sudo()._upload_events(batch, venues)

    @api.model
    def upload_readings(self, batch):
        """Store people-counter and meter readings. Idempotent by uuid, like events.

        Each reading: ``{"uuid", "device": identifier, "metric", "value", "measured_at"}``.
        Returns ``{"accepted", "duplicates", "rejected"}`` like ``upload_events``.
        """
        venues = self._caller_venues()
        self._check_batch(batch, events=False)
        # sudo: the caller was checked above; devices are looked up in its venues only.
        return self.env["sports.access.upload"].sudo()._upload_readings(batch, venues)

    @api.model
    def sync(self, cursor=None, limit=500):
        """Changes since ``cursor`` for the caller's venues, in pages.

        Returns ``{"cursor", "more", "credentials", "entitlements", "keys", "points",
        "venues", "lights", "server_time"}``. Call again with the returned cursor while
        ``more`` is true. Revoked credentials come with ``state: "revoked"``.
        """
        venues = self._caller_venues()
        if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_PAGE:
            # self.env._: _() would take the argument "cursor" for a database cursor.
            raise UserError(self.env._("The page size must be from 1 to %(max)s.", max=MAX_PAGE))
        # sudo: the caller was checked above and only its venues' records are returned.
        return self.env["sports.access.sync"].sudo()._page(cursor, limit, venues)
