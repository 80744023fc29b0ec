import secrets
from datetime import datetime, time, timedelta

from odoo import _, api, fields, models, tools
from odoo.exceptions import AccessError

from arena_access import token

from .sports_access_entitlement import epoch


class SportsAccessKey(models.Model):
    _name = "sports.access.key"
    _description = "QR Signing Key"
    _order = "company_id, create_date desc, id desc"
    _rec_name = "key_id"

    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    key_id = fields.Char(
        string="Key Id", required=True, readonly=True, index=True, help="SHA-256 prefix."
    )
    public_key = fields.Char(required=True, readonly=True, help="Raw Ed25519 key, hex.")
    private_key = fields.Char(
        readonly=True,
        groups="sports_venue.group_arena_manager",
        copy=False,
        help="Ed25519 seed, hex. Only Arena managers can read it.",
    )
    state = fields.Selection(
        [("active", "Active"), ("retired", "Retired")],
        required=True,
        default="active",
        readonly=True,
        help="The active key signs new QR codes. A retired key still verifies the codes it "
        "signed until the last of them expires.",
    )
    retired_at = fields.Datetime(readonly=True)
    valid_until = fields.Datetime(
        readonly=True,
        help="End of the validity of the last code signed with this key. Proxies stop "
        "trusting a retired key after it.",
    )

    _key_id_unique = models.Constraint("UNIQUE(key_id)", "Key ids must be unique.")

    @api.model
    def _generate(self, company, seed_hex=None):
        """Create a new active key for ``company`` (from ``seed_hex`` when given)."""
        seed_hex = seed_hex or secrets.token_bytes(32).hex()
        public = token.public_raw(token.private_key_from_seed(seed_hex))
        # sudo: the private key is manager-only; signing is done for whoever sells a
        # ticket or confirms a booking, never shown to them.
        return (
            self.sudo()
            .create(
                {
                    "company_id": company.id,
                    "key_id": token.key_id_of(public),
                    "public_key": public.hex(),
                    "private_key": seed_hex,
                }
            )
            .sudo(False)
        )

    @api.model
    def _active_for(self, company):
        # sudo: see _generate; the lock serialises the first key of a company.
        keys = self.sudo().search(
            [("company_id", "=", company.id), ("state", "=", "active")], limit=1
        )
        if not keys:
            self.env.cr.execute("SELECT id FROM res_company WHERE id = %s FOR UPDATE", [company.id])
            keys = self.sudo().search(
                [("company_id", "=", company.id), ("state", "=", "active")], limit=1
            )
        return keys or self._generate(company).sudo()

    def action_rotate(self):
        """Retire the active keys of these companies and create new ones."""
        if not self.env.user.has_group("sports_venue.group_arena_manager"):
            raise AccessError(_("Only Arena managers can rotate signing keys."))
        for company in self.company_id:
            # sudo: the manager right was checked above; private keys are otherwise unreadable.
            old = self.sudo().search([("company_id", "=", company.id), ("state", "=", "active")])
            old.write({"state": "retired", "retired_at": fields.Datetime.now()})
            self._generate(company)
        return True

    @api.model
    def _trusted(self, companies, at=None):
        """Public keys a verifier trusts: active ones and retired ones still in use."""
        at = at or fields.Datetime.now()
        # sudo: verifiers (the proxy user, desk staff) trust public keys they may not read as
        # records.
        return self.sudo().search(
            [
                ("company_id", "in", companies.ids),
                "|",
                ("state", "=", "active"),
                ("valid_until", ">", at),
            ]
        )

    @api.model
    @tools.ormcache("company_id")
    def _trusted_public(self, company_id):
        """``((key id, public key hex, active, valid until), ...)`` of the keys of company
        ``company_id`` a verifier may trust from now on (``_trusted`` less the time, which
        the caller checks); each worker remembers them until a key is created, retired,
        or removed, or a retired key's validity changes (see ``write``)."""
        return tuple(
            (key.key_id, key.public_key, key.state == "active", key.valid_until)
            for key in self._trusted(self.env["res.company"].browse(company_id))
        )

    @api.model_create_multi
    def create(self, vals_list):
        keys = super().create(vals_list)
        self.env.registry.clear_cache()  # _trusted_public, in every worker
        return keys

    def write(self, vals):
        # Signing moves the active key's valid_until on every sale: that changes nothing a
        # verifier trusts (an active key is trusted whatever its validity), so it keeps
        # the workers' caches; a retirement or a retired key's validity clears them.
        clears = "state" in vals or (
            "valid_until" in vals and any(key.state != "active" for key in self)
        )
        result = super().write(vals)
        if clears:
            self.env.registry.clear_cache()  # _trusted_public
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()  # _trusted_public
        return result

    def _sign(self, code, venue_id, kind, valid_from, valid_to, nonce_hex):
        self.ensure_one()
        # sudo: signing is the system's act; the private key is readable by managers only.
        seed = self.sudo().private_key
        text = token.sign(
            seed,
            code,
            venue_id,
            kind,
            epoch(valid_from),
            epoch(valid_to),
            nonce_hex,
        )
        if not self.valid_until or self.valid_until < valid_to:
            # The key's bookkeeping, on whoever's behalf the code was signed: a retired key
            # is trusted until the last code it signed has expired. Rounded up to the next
            # midnight (UTC), so that the key row is written once per day of validity and
            # not by every sale: in a booking rush every pass is for the same day, and
            # concurrent writes of one row would fail each other's transactions.
            self.sudo().valid_until = datetime.combine(
                valid_to.date() + timedelta(days=1), time.min
            )
        return text
