from odoo import http
from odoo.http import content_disposition, request
from odoo.tools import SQL

from ..tools.subsidy_xlsx import XLSX_MIMETYPE, subsidy_filename, subsidy_xlsx

# The largest id PostgreSQL's integer column holds; the route's converter takes any digits.
MAX_ID = 2**31 - 1


class SportsRegulatoryController(http.Controller):
    def _report_xlsx_readonly(self, rule, args):
        """Build the XLSX on a read-only cursor (the read replica, when Odoo has one) once
        that cursor sees the wizard. The wizard was saved on the primary a moment before
        the download: a replica that has not replayed it yet would answer 404, so such a
        download is served by the primary instead. Called by Odoo's dispatcher with the
        read-only cursor of the request, before authentication: it only picks the cursor."""
        wizard_id = args.get("wizard_id")
        if not isinstance(wizard_id, int) or wizard_id > MAX_ID:
            return True  # a 404 either way
        table = request.env["sports.regulatory.report"]._table
        request.env.cr.execute(
            SQL("SELECT 1 FROM %s WHERE id = %s", SQL.identifier(table), wizard_id)
        )
        return bool(request.env.cr.fetchone())

    @http.route(
        "/sports_regulatory/report/<int:wizard_id>/xlsx",
        type="http",
        auth="user",
        methods=["GET"],
        readonly=_report_xlsx_readonly,
        sitemap=False,
    )
    def sports_regulatory_report_xlsx(self, wizard_id, **kwargs):
        if wizard_id > MAX_ID:
            raise request.not_found()
        # sudo: only to find the wizard and its owner; the report itself is built with
        # the user's rights, so its rows are what the user may read.
        wizard_sudo = request.env["sports.regulatory.report"].sudo().browse(wizard_id).exists()
        if not wizard_sudo or wizard_sudo.create_uid != request.env.user:
            raise request.not_found()
        wizard = wizard_sudo.sudo(False)
        content = subsidy_xlsx(wizard)
        return request.make_response(
            content,
            headers=[
                ("Content-Type", XLSX_MIMETYPE),
                ("Content-Length", len(content)),
                ("Content-Disposition", content_disposition(subsidy_filename(wizard, "xlsx"))),
            ],
        )
