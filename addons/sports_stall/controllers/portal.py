"""The merchant portal (My stall: statements and sales) and the statement downloads."""

from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError
from odoo.http import content_disposition, request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..tools.statement_xlsx import statement_filename, statement_xlsx

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATEMENT_REPORT = "sports_stall.action_report_stall_statement"
# A merchant's contracts in these states show its sales and statements.
MERCHANT_STATES = ("active", "suspended", "ended")


class SportsStallPortal(CustomerPortal):
    # ------------------------------------------------------------------ who is a merchant

    def _sports_stall_commercial_partner(self):
        return request.env.user.partner_id.commercial_partner_id

    def _sports_stall_contracts(self):
        """The contracts of the user's company (its commercial partner) as a merchant."""
        if request.env.user._is_public():
            return request.env["sports.stall.contract"]
        # sudo: portal users cannot read contracts; these are found by the user's own
        # commercial partner, so they are the user's own.
        return (
            request.env["sports.stall.contract"]
            .sudo()
            .search(
                [
                    ("partner_id", "child_of", self._sports_stall_commercial_partner().id),
                    ("state", "in", MERCHANT_STATES),
                ]
            )
        )

    def _sports_stall_statement_domain(self):
        return [("partner_id", "child_of", self._sports_stall_commercial_partner().id)]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if not counters:
            # The home page itself: the "My stall" entry is for merchants only.
            values["sports_stall_merchant"] = bool(self._sports_stall_contracts())
        if "sports_stall_statement_count" in counters:
            Settlement = request.env["sports.stall.settlement"]
            values["sports_stall_statement_count"] = (
                Settlement.search_count(self._sports_stall_statement_domain())
                if Settlement.has_access("read")
                else 0
            )
        return values

    # ------------------------------------------------------------------ access

    def _sports_stall_settlement_check_access(self, settlement_id):
        """The settlement (sudo) when the user may read it: a backend user with the ORM's
        read right, a merchant's portal user for its own settlements. Otherwise 404, so
        that nobody learns which statements exist."""
        try:
            settlement_sudo = self._document_check_access(
                "sports.stall.settlement", int(settlement_id)
            )
        except (AccessError, MissingError, TypeError, ValueError):
            raise NotFound() from None
        user = request.env.user
        if not user._is_internal():
            owner = settlement_sudo.partner_id.commercial_partner_id
            if owner != self._sports_stall_commercial_partner():
                raise NotFound()
        return settlement_sudo

    @http.route(
        "/sports_stall/statement/<int:settlement_id>/xlsx",
        type="http",
        auth="user",
        readonly=True,
        sitemap=False,
    )
    def sports_stall_statement_xlsx(self, settlement_id, **kwargs):
        settlement_sudo = self._sports_stall_settlement_check_access(settlement_id)
        return self._sports_stall_file(
            statement_xlsx(settlement_sudo),
            XLSX_MIMETYPE,
            statement_filename(settlement_sudo, "xlsx"),
        )

    def _sports_stall_file(self, content, mimetype, filename):
        return request.make_response(
            content,
            headers=[
                ("Content-Type", mimetype),
                ("Content-Length", len(content)),
                ("Content-Disposition", content_disposition(filename)),
            ],
        )

    # ------------------------------------------------------------------ statements

    @http.route(
        ["/my/stall/statements", "/my/stall/statements/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_stall_statements(self, page=1, **kwargs):
        Settlement = request.env["sports.stall.settlement"]
        domain = self._sports_stall_statement_domain()
        can_read = Settlement.has_access("read")
        total = Settlement.search_count(domain) if can_read else 0
        pager = portal_pager(
            url="/my/stall/statements", total=total, page=page, step=self._items_per_page
        )
        statements = (
            Settlement.search(
                domain,
                order="date_to desc, id desc",
                limit=self._items_per_page,
                offset=pager["offset"],
            )
            if can_read
            else Settlement
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "sports_stall_statements",
                # sudo: searched with the user's own rights just above; the stall and
                # venue names come from models portal users may not read.
                "statements": statements.sudo(),
                "merchant": bool(self._sports_stall_contracts()),
                "pager": pager,
                "default_url": "/my/stall/statements",
            }
        )
        return request.render("sports_stall.portal_my_stall_statements", values)

    @http.route(
        "/my/stall/statements/<int:settlement_id>",
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_stall_statement(self, settlement_id, report_type=None, download=None, **kw):
        settlement_sudo = self._sports_stall_settlement_check_access(settlement_id)
        if report_type == "html":
            return self._show_report(
                model=settlement_sudo, report_type="html", report_ref=STATEMENT_REPORT
            )
        if report_type == "pdf":
            pdf = (
                # sudo: the settlement's access was checked above; the report reads the
                # merchant's and the stall's names, which portal users may not read.
                request.env["ir.actions.report"]
                .sudo()
                .with_company(settlement_sudo.company_id)
                ._render_qweb_pdf(STATEMENT_REPORT, settlement_sudo.ids)[0]
            )
            if download != "true":
                return request.make_response(
                    pdf, headers=[("Content-Type", "application/pdf"), ("Content-Length", len(pdf))]
                )
            return self._sports_stall_file(
                pdf, "application/pdf", statement_filename(settlement_sudo, "pdf")
            )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "sports_stall_statement",
                "statement": settlement_sudo,
                "xlsx_url": f"/sports_stall/statement/{settlement_sudo.id}/xlsx",
            }
        )
        return request.render("sports_stall.portal_my_stall_statement", values)

    # ------------------------------------------------------------------ sales

    @http.route("/my/stall/sales", type="http", auth="user", website=True, readonly=True)
    def portal_my_stall_sales(self, **kwargs):
        contracts = self._sports_stall_contracts()
        venue = contracts[:1].stall_id.venue_id
        # The month of the stalls' venue (its days are the sales report's days).
        today = venue._local_date(fields.Datetime.now()) if venue else fields.Date.today()
        month_start = today.replace(day=1)
        days = []
        if contracts:
            # sudo: the POS lines are the operator's data; this reads only the days of
            # the merchant's own contracts (checked above, found by its own partner),
            # aggregated per stall and day, without customers.
            days = (
                request.env["sports.stall.sales.report"]
                .sudo()
                ._read_group(
                    [
                        ("contract_id", "in", contracts.ids),
                        ("date", ">=", month_start),
                        ("date", "<=", today),
                    ],
                    ["date:day", "stall_id"],
                    ["order_count:sum", "quantity:sum", "amount:sum"],
                    order="date:day desc, stall_id",
                )
            )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "sports_stall_sales",
                "merchant": bool(contracts),
                "days": days,
                "month_start": month_start,
                "total": sum(amount for *_rest, amount in days),
                "currency": contracts[:1].currency_id or request.env.company.currency_id,
            }
        )
        return request.render("sports_stall.portal_my_stall_sales", values)
