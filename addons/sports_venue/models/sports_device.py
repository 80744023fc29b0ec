import re

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from arena_access import devices

# Kinds, identifiers and topics as the hardware proxy reads them (packages/arena_access).
# Odoo registers the transports of the venue's network; "file" and "camera" readers are
# wired on the proxy box itself and live in its TOML only.
REGISTRY_TRANSPORTS = ("mqtt", "serial", "network")


class SportsDevice(models.Model):
    """A field device driven by the hardware proxy of its venue."""

    _name = "sports.device"
    _description = "Venue Device"
    _order = "venue_id, kind, identifier"
    _rec_name = "name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    identifier = fields.Char(
        required=True,
        help="Device id used by the hardware proxy, unique within the venue, "
        "lower case, e.g. gate-01.",
    )
    kind = fields.Selection(list(devices.DEVICE_KINDS), required=True)
    active = fields.Boolean(default=True)
    venue_id = fields.Many2one(
        comodel_name="sports.venue",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        related="venue_id.company_id",
        store=True,
        index=True,
        precompute=True,
    )
    area_id = fields.Many2one(
        comodel_name="sports.area",
        index=True,
        ondelete="set null",
        domain="[('venue_id', '=', venue_id)]",
        check_company=True,
    )
    space_id = fields.Many2one(
        comodel_name="sports.space",
        index=True,
        ondelete="set null",
        domain="[('venue_id', '=', venue_id)]",
        check_company=True,
    )
    transport = fields.Selection(
        [item for item in devices.TRANSPORTS if item[0] in REGISTRY_TRANSPORTS],
        required=True,
        default="mqtt",
    )
    mqtt_topic = fields.Char(
        string="MQTT Topic",
        compute="_compute_mqtt_topic",
        store=True,
        readonly=False,
        help="Base topic; the proxy uses <topic>/cmd, <topic>/state and <topic>/event.",
    )
    serial_port = fields.Char(help="For example /dev/ttyUSB0.")
    baudrate = fields.Integer(default=9600)
    network_address = fields.Char(help="host:port for network printers.")
    note = fields.Text()

    _identifier_venue_unique = models.Constraint(
        "UNIQUE(venue_id, identifier)", "A device identifier must be unique within its venue."
    )

    @api.depends("venue_id.code", "identifier", "transport")
    def _compute_mqtt_topic(self):
        for device in self:
            if device.transport == "mqtt" and device.venue_id.code and device.identifier:
                device.mqtt_topic = devices.default_topic(device.venue_id.code, device.identifier)
            else:
                device.mqtt_topic = False

    @api.constrains("identifier", "transport", "serial_port", "mqtt_topic", "network_address")
    def _check_transport(self):
        for device in self:
            if not devices.IDENTIFIER_RE.match(device.identifier or ""):
                raise ValidationError(
                    _(
                        "Device identifier %(identifier)s is invalid: use lower-case letters, "
                        "digits, '-' and '_', for example gate-01.",
                        identifier=device.identifier,
                    )
                )
            if device.identifier in devices.RESERVED_IDENTIFIERS:
                raise ValidationError(
                    _(
                        "Device identifier %(identifier)s is reserved for the hardware proxy "
                        "itself: choose another one.",
                        identifier=device.identifier,
                    )
                )
            if device.transport == "serial" and not device.serial_port:
                raise ValidationError(
                    _(
                        "Device %(device)s uses a serial port: enter the port, e.g. /dev/ttyUSB0.",
                        device=device.name,
                    )
                )
            if device.transport == "mqtt" and not devices.TOPIC_RE.match(device.mqtt_topic or ""):
                raise ValidationError(
                    _(
                        "Device %(device)s needs an MQTT topic without spaces or wildcards.",
                        device=device.name,
                    )
                )
            if device.transport == "network" and not re.match(
                r"^[\w.-]+:\d{1,5}$", device.network_address or ""
            ):
                raise ValidationError(
                    _("Device %(device)s needs a network address as host:port.", device=device.name)
                )

    @api.constrains("area_id", "space_id", "venue_id")
    def _check_location(self):
        for device in self:
            if device.area_id and device.area_id.venue_id != device.venue_id:
                raise ValidationError(
                    _("The area of device %(device)s must belong to its venue.", device=device.name)
                )
            if device.space_id and device.space_id.venue_id != device.venue_id:
                raise ValidationError(
                    _(
                        "The space of device %(device)s must belong to its venue.",
                        device=device.name,
                    )
                )

    @api.onchange("space_id")
    def _onchange_space_id(self):
        if self.space_id.area_id:
            self.area_id = self.space_id.area_id
