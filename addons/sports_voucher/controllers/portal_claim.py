"""The member's side of the vouchers: verification (real name and phone), claiming, and
My vouchers with each held voucher's QR for the desk.

Claims are throttled per account, per device and per IP (the campaign's limits). The
device is the ``arena_device`` cookie that ``/my/vouchers`` sets (a random token, one year),
or an app's ``X-Arena-Device`` header; a client that sends neither is throttled by account
and IP only."""

import datetime
import secrets

from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

DEVICE_COOKIE = "arena_device"
MAX_ID = 2**31 - 1
# Batches shown on My vouchers: released up to this long ago (sold out ones for a day).
SHOW_RELEASED = datetime.timedelta(days=14)
SHOW_SOLD_OUT = datetime.timedelta(days=1)
SHOW_AHEAD = datetime.timedelta(days=7)
LIST_LIMIT = 50
USED_STATES = ("used",)
ENDED_STATES = ("expired", "voided", "forfeited")


class SportsVoucherPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "sports_voucher_held_count" in counters:
            Voucher = request.env["sports.voucher"]
            values["sports_voucher_held_count"] = (
                Voucher.search_count(self._sports_voucher_domain(("held", "reserved")))
                if Voucher.has_access("read")
                else 0
            )
        return values

    def _sports_voucher_domain(self, states):
        return [
            ("partner_id", "=", request.env.user.partner_id.id),
            ("state", "in", list(states)),
        ]

    def _sports_voucher_device(self):
        device = request.httprequest.headers.get(
            "X-Arena-Device"
        ) or request.httprequest.cookies.get(DEVICE_COOKIE)
        if device and 8 <= len(device) <= 64 and device.isascii() and device.isprintable():
            return device
        return None

    def _sports_voucher_batches(self, partner):
        """The releases to show: scheduled within a week, open, or sold out today; each
        with why the member cannot claim it (or None)."""
        now = fields.Datetime.now()
        # sudo: members cannot read campaigns and batches; these are the public releases
        # of running campaigns.
        batches = (
            request.env["sports.voucher.batch"]
            .sudo()
            .search(
                [
                    ("campaign_id.state", "=", "running"),
                    (
                        "campaign_id.date_end",
                        ">=",
                        fields.Date.today() - datetime.timedelta(days=1),
                    ),
                    ("release_at", "<=", now + SHOW_AHEAD),
                    ("release_at", ">=", now - SHOW_RELEASED),
                ],
                order="release_at, face_value desc, id",
                limit=LIST_LIMIT,
            )
        )
        Voucher = request.env["sports.voucher"]
        rows = []
        for batch in batches:
            if batch.state == "sold_out" and batch.release_at < now - SHOW_SOLD_OUT:
                continue
            reason = None
            try:
                today = Voucher._sports_local_periods(batch.campaign_id, now)[0]
                Voucher._sports_check_claimable(batch, partner.sudo(), now, today)
            except UserError as error:
                reason = error.args[0]
            rows.append(
                {
                    "batch": batch,
                    "remaining": max(0, batch.quantity - batch.claimed_count),
                    "release_text": Voucher._sports_local_text(batch.campaign_id, batch.release_at),
                    "reason": reason,
                }
            )
        return rows

    def _sports_voucher_page(self, error=None, claimed=None, status=200):
        partner = request.env.user.partner_id
        Voucher = request.env["sports.voucher"]
        can_read = Voucher.has_access("read")

        def vouchers(states):
            if not can_read:
                return Voucher
            return Voucher.search(
                self._sports_voucher_domain(states),
                order="claimed_at desc, id desc",
                limit=LIST_LIMIT,
            )

        held = vouchers(("held", "reserved"))
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "sports_vouchers",
                "rows": self._sports_voucher_batches(partner),
                "held": held,
                "used": vouchers(USED_STATES),
                "ended": vouchers(ENDED_STATES),
                "verified": partner._sports_voucher_verified(),
                "error": error,
                "claimed": claimed,
                "local_text": lambda voucher, when: Voucher._sports_local_text(
                    voucher.sudo().campaign_id, when
                ),
            }
        )
        response = request.render("sports_voucher.portal_my_vouchers", values, status=status)
        if not request.httprequest.cookies.get(DEVICE_COOKIE):
            response.set_cookie(
                DEVICE_COOKIE,
                secrets.token_urlsafe(18),
                max_age=365 * 24 * 3600,
                httponly=True,
                samesite="Lax",
                secure=request.httprequest.scheme == "https",
            )
        return response

    @http.route("/my/vouchers", type="http", auth="user", website=True, methods=["GET"])
    def portal_my_vouchers(self, claimed=None, **kwargs):
        code = None
        if claimed and isinstance(claimed, str) and len(claimed) <= 32 and claimed.isalnum():
            # Only the member's own voucher is announced.
            mine = request.env["sports.voucher"].search(
                [("code", "=", claimed), ("partner_id", "=", request.env.user.partner_id.id)],
                limit=1,
            )
            code = mine.code or None
        return self._sports_voucher_page(claimed=code)

    def _sports_voucher_claim(self, batch_id):
        """Claim a voucher of ``batch_id`` for the current member; its code, or the
        UserError saying why not (sold out, over a limit, throttled...)."""
        if not 0 < batch_id <= MAX_ID:
            raise NotFound()
        # sudo: members cannot read batches; the claim checks the batch's campaign rules.
        batch = request.env["sports.voucher.batch"].sudo().browse(batch_id).exists()
        if not batch:
            raise NotFound()
        partner = request.env.user.partner_id
        ip = request.httprequest.remote_addr
        device = self._sports_voucher_device()
        request.env["sports.voucher.throttle"]._hit_claim(
            batch.campaign_id, request.env.user, device, ip
        )
        _voucher_id, code = request.env["sports.voucher"]._claim_committed(
            batch, partner, ip=ip, device=device
        )
        return code

    @http.route(
        "/my/vouchers/claim/<int:batch_id>",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def portal_my_vouchers_claim(self, batch_id, **kwargs):
        """The claim form without script: the page again, with the refusal, or the
        member's vouchers with the new one announced."""
        try:
            code = self._sports_voucher_claim(batch_id)
        except UserError as error:
            return self._sports_voucher_page(error=error.args[0], status=422)
        return request.redirect(f"/my/vouchers?claimed={code}")

    @http.route(
        "/my/vouchers/claim/<int:batch_id>/json",
        type="jsonrpc",
        auth="user",
        methods=["POST"],
    )
    def portal_my_vouchers_claim_json(self, batch_id, **kwargs):
        """The claim button's call (and an app's): a small answer, without the page, so
        that at a batch release the thousands who lose hear "sold out" at once.

        :returns: ``{"code": ..., "redirect": ...}`` when claimed, else ``{"error": ...}``
        """
        try:
            code = self._sports_voucher_claim(batch_id)
        except UserError as error:
            return {"error": error.args[0]}
        except NotFound:
            # In words, like every refusal (a JSON-RPC error would carry a traceback).
            return {"error": request.env._("This release of vouchers does not exist.")}
        return {"code": code, "redirect": f"/my/vouchers?claimed={code}"}

    # ------------------------------------------------------------------ verification

    def _sports_voucher_verify_page(self, error=None, info=None, phone=None, real_name=None):
        """The verification form; with ``error``, answered 422 (the input was refused)."""
        partner = request.env.user.partner_id
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "sports_voucher_verify",
                "partner": partner,
                "verified": partner._sports_voucher_verified(),
                "error": error,
                "info": info,
                "phone": phone if phone is not None else (partner.sports_verified_phone or ""),
                "real_name": real_name
                if real_name is not None
                else (partner.sports_real_name or ""),
            }
        )
        return request.render(
            "sports_voucher.portal_my_vouchers_verify", values, status=422 if error else 200
        )

    @staticmethod
    def _sports_text(value, size=64):
        return value[:size] if isinstance(value, str) else ""

    @http.route(
        "/my/vouchers/verify", type="http", auth="user", website=True, methods=["GET", "POST"]
    )
    def portal_my_vouchers_verify(self, code=None, real_name=None, phone=None, **kwargs):
        real_name = self._sports_text(real_name)
        phone = self._sports_text(phone, 32)
        if request.httprequest.method != "POST":
            return self._sports_voucher_verify_page()
        try:
            request.env["sports.voucher.otp"]._verify(
                request.env.user.partner_id, self._sports_text(code, 16), real_name
            )
        except UserError as error:
            return self._sports_voucher_verify_page(
                error=error.args[0], phone=phone, real_name=real_name
            )
        return request.redirect("/my/vouchers")

    @http.route(
        "/my/vouchers/verify/send", type="http", auth="user", website=True, methods=["POST"]
    )
    def portal_my_vouchers_verify_send(self, phone=None, real_name=None, **kwargs):
        phone = self._sports_text(phone, 32)
        real_name = self._sports_text(real_name)
        try:
            with request.env.cr.savepoint():
                otp = request.env["sports.voucher.otp"]._send(request.env.user.partner_id, phone)
        except UserError as error:
            return self._sports_voucher_verify_page(
                error=error.args[0], phone=phone, real_name=real_name
            )
        return self._sports_voucher_verify_page(
            info=request.env._(
                "We sent a code to %(phone)s. Enter it below within 10 minutes.",
                phone=otp.sudo().phone,
            ),
            phone=otp.sudo().phone,
            real_name=real_name,
        )
