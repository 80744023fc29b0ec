import base64
import secrets

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from arena_access import credentials, normalize

from ..tools import sync

# The labels of arena_access's credential kinds (the package knows the codes only).
KIND_LABELS = {
    "qr": "QR Code",
    "uid": "IC Card / Wristband",
    "face": "Face Id",
    "plate": "Licence Plate",
}
assert set(KIND_LABELS) == set(credentials.KINDS), "a credential kind without a label"
CREDENTIAL_KINDS = [(kind, KIND_LABELS[kind]) for kind in credentials.KINDS]


class SportsAccessCredential(models.Model):
    _name = "sports.access.credential"
    _description = "Access Credential"
    _order = "id desc"
    _rec_name = "display_ref"
    _check_company_auto = True

    kind = fields.Selection(CREDENTIAL_KINDS, required=True, readonly=True, index=True)
    entitlement_id = fields.Many2one(
        comodel_name="sports.access.entitlement",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(related="entitlement_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="entitlement_id.partner_id", store=True)
    code = fields.Integer(
        readonly=True, index="btree_not_null", help="Public id of a QR code, in its payload."
    )
    nonce = fields.Char(readonly=True)
    key_id = fields.Many2one(comodel_name="sports.access.key", string="Signing Key", readonly=True)
    token = fields.Char(readonly=True, help="The signed payload a QR code carries.")
    value = fields.Char(
        readonly=True, index="btree_not_null", help="Card UID, plate or face reference."
    )
    valid_from = fields.Datetime(related="entitlement_id.valid_from")
    valid_to = fields.Datetime(related="entitlement_id.valid_to")
    state = fields.Selection(
        [("active", "Active"), ("revoked", "Revoked")],
        required=True,
        default="active",
        readonly=True,
        index=True,
    )
    revoked_at = fields.Datetime(readonly=True)
    revoke_reason = fields.Char(readonly=True)
    display_ref = fields.Char(compute="_compute_display_ref", string="Credential")

    _code_unique = models.Constraint(
        "UNIQUE(company_id, code)", "A QR code id must be unique per company."
    )
    _value_active_unique = models.UniqueIndex(
        "(company_id, kind, value) WHERE state = 'active' AND value IS NOT NULL",
        "This card, plate or face is already an active credential.",
    )

    @api.depends("kind", "code", "value")
    def _compute_display_ref(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for credential in self:
            ref = f"#{credential.code}" if credential.kind == "qr" else credential.value
            credential.display_ref = f"{labels.get(credential.kind)} {ref or ''}".strip()

    @api.model
    def _new_code(self):
        """A random positive 31-bit id; the unique constraint catches the rare clash."""
        return secrets.randbelow(2**31 - 2) + 1

    @api.model
    def _normalize_value(self, kind, value):
        try:
            return normalize(kind, value)
        except ValueError as error:
            raise ValidationError(_("A credential needs a value.")) from error

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("kind") != "qr" and "value" in vals:
                vals["value"] = self._normalize_value(vals["kind"], vals["value"])
        return super().create(vals_list)

    def write(self, vals):
        if set(vals) & {"kind", "entitlement_id", "code", "token", "value", "nonce"}:
            raise UserError(_("Credentials cannot be changed: revoke and issue a new one."))
        return super().write(vals)

    def _sign(self):
        for credential in self.filtered(lambda c: c.kind == "qr"):
            entitlement = credential.entitlement_id
            key = self.env["sports.access.key"]._active_for(credential.company_id)
            venue = entitlement.venue_ids[:1] if len(entitlement.venue_ids) == 1 else None
            valid_from = entitlement.valid_from or entitlement.create_date
            valid_to = entitlement.valid_to or fields.Datetime.to_datetime("2106-02-07")
            token = key._sign(
                credential.code,
                venue.id if venue else 0,
                entitlement.kind,
                valid_from,
                valid_to,
                credential.nonce,
            )
            # Bypass write()'s guard: signing is the credential's own construction.
            super(SportsAccessCredential, credential.sudo()).write(
                {"token": token, "key_id": key.id}
            )
        return True

    def _revoke(self, reason):
        todo = self.filtered(lambda c: c.state == "active")
        # sudo: see sports.access.entitlement._revoke.
        todo.sudo().write(
            {"state": "revoked", "revoked_at": fields.Datetime.now(), "revoke_reason": reason}
        )

    def _qr_png(self, size=240):
        """PNG bytes of the QR image of this credential, ``size`` pixels square, drawn on
        the server by Odoo's barcode report helper.

        The token is a bearer secret: hand the image over as bytes (an attachment, a data
        URI), never as a URL that carries the token.
        """
        self.ensure_one()
        if not self.token:
            raise UserError(_("Credential %(ref)s has no QR code.", ref=self.display_ref))
        return self.env["ir.actions.report"].barcode(
            "QR", self.token, width=size, height=size, barLevel="M"
        )

    def _qr_data_uri(self, size=240):
        """The QR image of this credential as a PNG data URI, for a page or an email."""
        return "data:image/png;base64," + base64.b64encode(self._qr_png(size)).decode()

    def init(self):
        sync.install(self.env.cr, "sports_access_credential")
