import io

import xlsxwriter

from odoo import fields, models

from .xlsx_download import xlsx_download


class SportsVoucherSubsidyClaim(models.Model):
    """The statement of a claim: each redemption and the totals, as PDF (QWeb) and XLSX."""

    _inherit = "sports.voucher.subsidy.claim"  # pylint: disable=consider-merging-classes-inherited

    def _sports_statement_lines(self):
        """The statement's rows: one dict per redemption of the claim, oldest first."""
        self.ensure_one()
        labels = dict(
            self.env["sports.voucher.redemption"]
            ._fields["channel"]
            ._description_selection(self.env)
        )
        flag_states = dict(
            self.env["sports.voucher.flag"]._fields["state"]._description_selection(self.env)
        )
        rows = []
        for redemption in self._sports_redemptions_by_claim()[self.id]:
            flags = redemption.flag_ids
            accepted = flags.filtered(lambda f: f.state == "accepted")
            rows.append(
                {
                    "date": self.venue_id._local_date(redemption.redeemed_at),
                    "code": redemption.voucher_id.code,
                    "channel": labels.get(redemption.channel, ""),
                    "order_amount": redemption.order_amount,
                    "discount": redemption.discount,
                    "state": redemption.state,
                    "flag": ", ".join(f"{flag.name} ({flag_states[flag.state]})" for flag in flags),
                    "rejected": bool(accepted) and redemption.state == "valid",
                }
            )
        return rows

    def action_statement_xlsx(self):
        """Download the claim's statement as a spreadsheet (amounts as numbers)."""
        self.ensure_one()
        self.check_access("read")
        data = self._sports_statement_xlsx()
        return xlsx_download(self, f"{self.name.replace('/', '-')}.xlsx", data)

    def _sports_statement_xlsx(self):
        """The statement as XLSX bytes."""
        self.ensure_one()
        _ = self.env._
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = book.add_worksheet(_("Statement"))
        bold = book.add_format({"bold": True})
        symbol = self.currency_id.symbol or ""
        money = book.add_format({"num_format": f'"{symbol}"#,##0.00'})
        money_bold = book.add_format({"num_format": f'"{symbol}"#,##0.00', "bold": True})
        day = book.add_format({"num_format": "yyyy-mm-dd"})
        sheet.write(0, 0, _("Subsidy claim"), bold)
        sheet.write(0, 1, self.name)
        sheet.write(1, 0, _("Campaign"), bold)
        sheet.write(1, 1, self.campaign_id.name)
        sheet.write(2, 0, _("Venue"), bold)
        sheet.write(2, 1, self.venue_id.name)
        sheet.write(3, 0, _("Period"), bold)
        sheet.write(3, 1, f"{self.date_from} - {self.date_to}")
        headers = [
            _("Date"),
            _("Voucher"),
            _("Channel"),
            _("Order amount"),
            _("Discount"),
            _("Flag"),
        ]
        for col, header in enumerate(headers):
            sheet.write(5, col, header, bold)
        row = 6
        for line in self._sports_statement_lines():
            sheet.write_datetime(row, 0, fields.Datetime.to_datetime(line["date"]), day)
            sheet.write(row, 1, line["code"])
            sheet.write(row, 2, line["channel"])
            sheet.write_number(row, 3, line["order_amount"], money)
            sheet.write_number(row, 4, line["discount"], money)
            sheet.write(row, 5, line["flag"])
            row += 1
        row += 1
        for label, amount in (
            (_("Claimed"), self.amount_claimed),
            (_("Rejected (accepted fraud flags)"), self.amount_rejected),
            (_("Approved"), self.amount_approved if self.state == "approved" else 0.0),
        ):
            sheet.write(row, 3, label, bold)
            sheet.write_number(row, 4, amount, money_bold)
            row += 1
        sheet.set_column(0, 0, 12)
        sheet.set_column(1, 1, 20)
        sheet.set_column(2, 2, 16)
        sheet.set_column(3, 4, 14)
        sheet.set_column(5, 5, 40)
        book.close()
        return output.getvalue()
