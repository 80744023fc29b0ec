"""The XLSX statement of a stall settlement (xlsxwriter, built in memory)."""

import io
from datetime import datetime, time

import xlsxwriter

# Money as numbers, shown with the yuan sign and two decimals.
CNY_FORMAT = '"¥"#,##0.00;-"¥"#,##0.00'


def statement_xlsx(settlement):
    """The statement of ``settlement`` (one record, read with enough rights) as XLSX bytes:
    a header (merchant, stall, contract, period, documents), one row per day, category and
    payment method, then the totals. Money cells are numbers in a CNY format."""
    settlement.ensure_one()
    _ = settlement.env._
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(_("Statement"))
    bold = book.add_format({"bold": True})
    title = book.add_format({"bold": True, "font_size": 14})
    head = book.add_format({"bold": True, "bottom": 1, "bg_color": "#E9ECEF"})
    money = book.add_format({"num_format": CNY_FORMAT})
    money_bold = book.add_format({"num_format": CNY_FORMAT, "bold": True, "top": 1})
    day = book.add_format({"num_format": "yyyy-mm-dd"})

    sheet.write(0, 0, _("Statement %(name)s", name=settlement.name), title)
    header = [
        (_("Merchant"), settlement.partner_id.display_name),
        (_("Stall"), settlement.stall_id.display_name),
        (_("Contract"), settlement.contract_id.name),
        (_("Period"), f"{settlement.date_from} – {settlement.date_to}"),
        (_("Vendor Bill"), settlement.bill_id.name or ""),
        (_("Charges Invoice"), settlement.invoice_id.name or ""),
    ]
    row = 2
    for label, value in header:
        sheet.write(row, 0, label, bold)
        sheet.write(row, 1, value)
        row += 1

    row += 1
    columns = [
        _("Date"),
        _("Category"),
        _("Payment Method"),
        _("Orders"),
        _("Sales"),
        _("Commission"),
        _("Payment Fees"),
    ]
    sheet.write_row(row, 0, columns, head)
    row += 1
    first_line_row = row
    for line in settlement.line_ids:
        sheet.write_datetime(row, 0, _as_datetime(line.date), day)
        sheet.write(row, 1, line.categ_id.display_name or "")
        sheet.write(row, 2, line.payment_method_id.display_name or "")
        sheet.write_number(row, 3, line.order_count)
        sheet.write_number(row, 4, line.gross_amount, money)
        sheet.write_number(row, 5, line.commission_amount, money)
        sheet.write_number(row, 6, line.fee_amount, money)
        row += 1
    # The lines' totals, as numbers (a formula's value is empty until a spreadsheet
    # application recalculates it).
    sheet.write(row, 0, _("Total"), bold)
    for col, field in ((4, "gross_amount"), (5, "commission_amount"), (6, "fee_amount")):
        sheet.write_number(row, col, sum(settlement.line_ids.mapped(field)), money_bold)
    sheet.write_number(row, 3, sum(settlement.line_ids.mapped("order_count")), bold)
    row += 2

    totals = [
        (_("Sales"), settlement.gross_amount),
        (_("Commission"), settlement.commission_amount),
        (_("Minimum-guarantee Top-up"), settlement.guarantee_topup),
        (_("Payment Fees"), settlement.fee_amount),
        (_("Rent"), settlement.rent_amount),
        (_("Tax on Charges"), settlement.charges_tax),
        (_("Charges"), settlement.charges_total),
        (_("Due to Merchant"), settlement.net_amount),
    ]
    sheet.write(row, 0, _("Totals"), title)
    row += 1
    for label, amount in totals:
        sheet.write(row, 0, label, bold)
        sheet.write_number(row, 4, amount, money_bold if label == totals[-1][0] else money)
        row += 1

    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 2, 24)
    sheet.set_column(3, 3, 8)
    sheet.set_column(4, 6, 14)
    sheet.freeze_panes(first_line_row, 0)
    book.close()
    return buffer.getvalue()


def statement_filename(settlement, extension):
    """The file name of ``settlement``'s statement, e.g. ``Statement-STS_2026_0001.xlsx``."""
    name = "".join(c if c.isalnum() or c in "-_" else "_" for c in settlement.name or "")
    return f"{settlement.env._('Statement')}-{name or settlement.id}.{extension}"


def _as_datetime(date):
    return datetime.combine(date, time())
