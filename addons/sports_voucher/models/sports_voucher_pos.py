from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.sports_venue.tools import inputs

# Held vouchers of one customer the desk lists at most.
HELD_LIMIT = 20
# Order lines a quote reads at most.
LINES_LIMIT = 200


class SportsVoucher(models.Model):
    """The front desk's side of a voucher: the POS loads the vouchers of its discount
    lines, and asks the server for the discount a voucher gives on the order at hand."""

    _name = "sports.voucher"
    _inherit = ["sports.voucher", "pos.load.mixin"]

    # ------------------------------------------------------------------ POS data

    @api.model
    def _load_pos_data_domain(self, data, config):
        ids = [line["sports_voucher_id"] for line in data.get("pos.order.line") or []]
        return [("id", "in", [voucher_id for voucher_id in ids if voucher_id])]

    @api.model
    def _load_pos_data_search_read(self, data, config):
        # sudo: the desk shows the vouchers of its own discount lines; the cashier has no
        # rights on the bureau's vouchers.
        return super(SportsVoucher, self.sudo())._load_pos_data_search_read(data, config)

    @api.model
    def _load_pos_data_fields(self, config):
        return ["id", "code", "face_value", "threshold", "expires_at", "state", "partner_id"]

    def _unrelevant_records(self, config):
        # A voucher has no archive: the POS keeps those its lines name.
        return []

    def _sports_pos_read(self, config):
        """The POS's data of these vouchers (``sports.voucher`` records)."""
        # sudo: see _load_pos_data_search_read.
        return self.env["sports.voucher"]._load_pos_data_read(self.sudo(), config)

    # ------------------------------------------------------------------ quotes

    @api.model
    def _sports_pos_check_staff(self):
        if not self.env.user.has_group("sports_venue.group_arena_user"):
            raise AccessError(
                self.env._(
                    "Only venue staff can redeem vouchers: ask a manager to add you to the "
                    "Arena user group."
                )
            )

    @api.model
    def _sports_pos_lines(self, lines):
        """The order lines the POS sent (``[{"product_id", "amount", "space_id",
        "start"}]``) as the eligibility engine reads them. Only a quote reads them: the
        order hook computes the lines again from the saved order."""
        if not isinstance(lines, list) or len(lines) > LINES_LIMIT:
            raise UserError(self.env._("The order's lines could not be read: add them again."))
        label = self.env._("A line's product")
        products = self.env["product.product"]
        cleaned = []
        for vals in lines:
            if not isinstance(vals, dict):
                raise UserError(self.env._("The order's lines could not be read: add them again."))
            product = inputs.record(self.env, "product.product", vals.get("product_id"), label)
            amount = inputs.amount(
                self.env, vals.get("amount"), self.env._("A line's amount"), minimum=-1e7
            )
            space = inputs.record(
                self.env, "sports.space", vals.get("space_id") or None, self.env._("The court")
            )
            start = vals.get("start") and inputs.moment(
                self.env, vals["start"], self.env._("The booked start")
            )
            products |= product
            cleaned.append((product, amount, space, start))
        info = self.env["pos.order.line"]._sports_voucher_product_info(products)
        result = []
        for product, amount, space, start in cleaned:
            if amount <= 0:
                continue
            categ_id, sport_id = info.get(product.id, (False, False))
            vals = {
                "amount": amount,
                "sport_id": sport_id,
                "categ_id": categ_id,
                "booking_id": False,
                "whole_court": False,
                "start": start or False,
            }
            if space:
                vals.update(self.env["pos.order.line"]._sports_voucher_space_vals(space))
            result.append(vals)
        return result

    def _pos_quote(self, config, lines, when=None):
        """The discount this voucher gives on ``lines`` at the desk ``config``, or a
        UserError saying why it cannot be used there (REDEEM's ``_check_redeemable``)."""
        self.ensure_one()
        venue = config.sports_venue_id
        if not venue:
            raise UserError(
                self.env._(
                    "The desk %(desk)s sells for no venue: vouchers are redeemed at a "
                    "venue. Set the desk's venue in the POS settings.",
                    desk=config.name,
                )
            )
        # sudo: the cashier has no rights on the bureau's campaigns; the engine only reads.
        return self.sudo()._check_redeemable(venue, "desk", lines, when=when)

    def _sports_pos_info(self, discount=None, error=None):
        self.ensure_one()
        voucher = self.sudo()  # sudo: what the desk shows of a voucher it may redeem.
        return {
            "id": voucher.id,
            "code": voucher.code,
            "campaign": voucher.campaign_id.name,
            "label": voucher.denomination_id.name,
            "face_value": voucher.face_value,
            "threshold": voucher.threshold,
            "expires_at": fields.Datetime.to_string(voucher.expires_at),
            "holder": voucher.partner_id.name,
            "discount": discount,
            "error": error,
        }

    @api.model
    def sports_pos_voucher_lookup(self, config_id, code=None, partner_id=None, lines=None):
        """The voucher numbered ``code`` (scanned or typed at the desk), or the vouchers
        ``partner_id`` holds, each with the discount it gives on the order ``lines``.

        A code that names no usable voucher is refused with the reason (a UserError); a
        customer's vouchers come each with their discount, or the reason they cannot be
        used on this order. Returns ``{"vouchers": [...], "records": [...]}``, ``records``
        being the POS's data of the vouchers (``sports.voucher``). Nothing is written.
        """
        self._sports_pos_check_staff()
        config = inputs.record(
            self.env, "pos.config", config_id, self.env._("The POS"), required=True
        )
        config.check_access("read")
        code = inputs.text(self.env, code, self.env._("The voucher code"), max_length=64)
        partner = inputs.record(self.env, "res.partner", partner_id, self.env._("The customer"))
        lines = self._sports_pos_lines(lines or [])
        if not (code or partner):
            raise UserError(self.env._("Scan or type a voucher code, or choose a customer."))
        # sudo: the desk finds a voucher by the code its holder shows, or the vouchers of
        # the customer at the desk; it learns only what it shows.
        Voucher = self.sudo()
        if code:
            voucher = Voucher.search([("code", "=", code.upper())], limit=1)
            if not voucher:
                raise UserError(
                    self.env._(
                        "No voucher has the code %(code)s: check it and try again.", code=code
                    )
                )
            discount = voucher._pos_quote(config, lines)
            infos = [voucher._sports_pos_info(discount=discount)]
            vouchers = voucher
        else:
            vouchers = Voucher.search(
                [
                    ("partner_id", "=", partner.id),
                    ("state", "=", "held"),
                    ("expires_at", ">", fields.Datetime.now()),
                ],
                order="expires_at, id",
                limit=HELD_LIMIT,
            )
            infos = []
            for voucher in vouchers:
                try:
                    infos.append(
                        voucher._sports_pos_info(discount=voucher._pos_quote(config, lines))
                    )
                except UserError as error:
                    infos.append(voucher._sports_pos_info(error=str(error.args[0])))
        return {"vouchers": infos, "records": vouchers._sports_pos_read(config)}
