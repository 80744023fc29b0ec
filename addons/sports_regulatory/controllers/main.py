from odoo import http
from odoo.http import content_disposition, request

from ..tools.subsidy_xlsx import XLSX_MIMETYPE, subsidy_filename, subsidy_xlsx


class SportsRegulatoryController(http.Controller):
    @http.route(
        "/sports_regulatory/report/<int:wizard_id>/xlsx",
        type="http",
        auth="user",
        methods=["GET"],
        readonly=True,
        sitemap=False,
    )
    def sports_regulatory_report_xlsx(self, wizard_id, **kwargs):
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
