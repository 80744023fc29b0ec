import io

import xlsxwriter

from odoo import models

from .xlsx_download import xlsx_download


class SportsVoucherCampaign(models.Model):
    """The campaign report (Wuhan dashboard shape) as a spreadsheet."""

    _inherit = "sports.voucher.campaign"

    def action_report_xlsx(self):
        """Download the campaign's figures per batch and per venue as XLSX."""
        self.ensure_one()
        self.check_access("read")
        return xlsx_download(self, f"{self.name} - report.xlsx", self._sports_report_xlsx())

    def _sports_report_xlsx(self):
        """Two sheets, By Batch and By Venue: sent, claimed, used, used ratio, voucher
        amount used, order amount and the spending pulled in (拉动消费比)."""
        self.ensure_one()
        _ = self.env._
        Report = self.env["sports.voucher.campaign.report"]
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = book.add_format({"bold": True})
        symbol = self.currency_id.symbol or ""
        money = book.add_format({"num_format": f'"{symbol}"#,##0.00'})
        percent = book.add_format({"num_format": "0.0%"})
        ratio = book.add_format({"num_format": "0.00"})
        for title, by in ((_("By Batch"), "batch_id"), (_("By Venue"), "venue_id")):
            sheet = book.add_worksheet(title)
            headers = [
                _("Batch") if by == "batch_id" else _("Venue"),
                _("Sent"),
                _("Claimed"),
                _("Used"),
                _("Used ratio"),
                _("Voucher amount used"),
                _("Order amount"),
                _("Spending pulled in"),
            ]
            for col, header in enumerate(headers):
                sheet.write(0, col, header, bold)
            for row, fig in enumerate(Report._sports_figures(self, by), start=1):
                sheet.write(row, 0, Report._sports_label(fig["key"]))
                sheet.write_number(row, 1, fig["sent"])
                sheet.write_number(row, 2, fig["claimed"])
                sheet.write_number(row, 3, fig["used"])
                sheet.write_number(row, 4, fig["used_ratio"], percent)
                sheet.write_number(row, 5, fig["amount_used"], money)
                sheet.write_number(row, 6, fig["order_amount"], money)
                sheet.write_number(row, 7, fig["pull_ratio"], ratio)
            sheet.set_column(0, 0, 30)
            sheet.set_column(1, 7, 14)
        book.close()
        return output.getvalue()
