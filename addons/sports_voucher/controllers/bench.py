"""The baseline of ``scripts/bench vouchers``: a naive claim that checks the stock, then
inserts (check-then-insert), to show what the guarded UPDATE prevents. It answers 404
unless the benchmark switched it on (the system parameter ``sports_voucher.bench_naive``
set to ``1``, which only ``benchmarks/bench_vouchers.py`` does on its own database)."""

from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.http import request

MAX_ID = 2**31 - 1


class SportsVoucherBench(http.Controller):
    @http.route(
        "/sports_voucher/bench/naive_claim/<int:batch_id>",
        type="http",
        auth="user",
        methods=["POST"],
    )
    def sports_voucher_bench_naive_claim(self, batch_id, **kwargs):
        # sudo: reads a system parameter.
        enabled = request.env["ir.config_parameter"].sudo().get_param("sports_voucher.bench_naive")
        if enabled != "1" or not 0 < batch_id <= MAX_ID:
            raise NotFound()
        # sudo: the baseline of the benchmark, on its own database (switched on above).
        batch = request.env["sports.voucher.batch"].sudo().browse(batch_id).exists()
        if not batch:
            raise NotFound()
        Voucher = request.env["sports.voucher"].sudo()
        issued = Voucher.search_count([("batch_id", "=", batch.id)])
        if issued >= batch.quantity:
            return request.make_response("sold out", status=409)
        now = fields.Datetime.now()
        Voucher.create(
            {
                "campaign_id": batch.campaign_id.id,
                "batch_id": batch.id,
                "denomination_id": batch.denomination_id.id,
                "partner_id": request.env.user.partner_id.id,
                "face_value": batch.face_value,
                "threshold": batch.denomination_id.threshold,
                "claimed_at": now,
                "expires_at": now,
            }
        )
        return request.make_response("claimed", status=200)
