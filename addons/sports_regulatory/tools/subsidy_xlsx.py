"""The subsidy application of a bureau's region or an operator's venues as XLSX
(xlsxwriter, built in memory), from ``sports.regulatory.report._report_data()``."""

import io

import xlsxwriter

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The first row of the table (0-based); rows above hold the title and the period.
HEADER_ROW = 3


def subsidy_xlsx(wizard):
    """The report of ``wizard`` (one sports.regulatory.report) as XLSX bytes: a title, the
    period, one header row, then per city and district the venues' rows followed by the
    district's and the city's subtotals, and the grand total. Numbers are numbers (not
    formulas, whose value stays empty until a spreadsheet recalculates them)."""
    wizard.ensure_one()
    _ = wizard.env._
    data = wizard._report_data()
    columns = data["columns"]
    keys = [key for key, _label in columns]

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(_("Subsidy Application"))
    title = book.add_format({"bold": True, "font_size": 14})
    head = book.add_format({"bold": True, "bottom": 1, "bg_color": "#E9ECEF", "text_wrap": True})
    subtotal = book.add_format({"bold": True, "top": 1, "num_format": "#,##0.##"})
    total = book.add_format({"bold": True, "top": 2, "bg_color": "#E9ECEF", "num_format": "#,##0.##"})
    number = book.add_format({"num_format": "#,##0.##"})
    warning = book.add_format({"font_color": "#9C0006"})

    sheet.write(0, 0, _("Subsidy Application: %(company)s", company=wizard.company_id.name), title)
    sheet.write(1, 0, _("Period"))
    sheet.write(1, 1, f"{wizard.date_from} – {wizard.date_to}")
    sheet.write_row(HEADER_ROW, 0, [label for _key, label in columns], head)
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, len(columns) - 1, 12)
    sheet.freeze_panes(HEADER_ROW + 1, 1)

    row = HEADER_ROW + 1
    for city in data["cities"]:
        for district in city["districts"]:
            for line in district["rows"]:
                for col, key in enumerate(keys):
                    value = line.get(key, "")
                    if isinstance(value, (int, float)) and not isinstance(value, bool):
                        sheet.write_number(row, col, value, number)
                    else:
                        sheet.write_string(row, col, value or "")
                row += 1
            _write_totals(sheet, row, keys, district["label"], district["code"], district["totals"], subtotal)
            row += 1
        _write_totals(sheet, row, keys, city["label"], city["code"], city["totals"], subtotal)
        row += 1
    _write_totals(sheet, row, keys, data["total_label"], "", data["totals"], total)
    row += 2
    if data["missing_region"]:
        sheet.write(
            row,
            0,
            _(
                "Data quality: venues without a region code: %(venues)s",
                venues=", ".join(data["missing_region"]),
            ),
            warning,
        )
    book.close()
    return buffer.getvalue()


def _write_totals(sheet, row, keys, label, code, totals, cell_format):
    sheet.write_string(row, 0, label, cell_format)
    sheet.write_string(row, 1, code or "", cell_format)
    for col, key in enumerate(keys):
        if key in totals:
            sheet.write_number(row, col, totals[key], cell_format)


def subsidy_filename(wizard, extension):
    """E.g. ``Subsidy-2025-01-01-2025-12-31.xlsx``."""
    return f"{wizard.env._('Subsidy')}-{wizard.date_from}-{wizard.date_to}.{extension}"
