"""Write the two dashboards' spreadsheet JSON (data/files/*_dashboard.json).

Run it after changing a layout: ``python3 addons/sports_dashboard/tools/build_dashboards.py``.
Every text a person reads is a ``_t("...")`` formula or a chart title, so that Odoo's
extractor puts it in the addon's .pot and the dashboard shows it in the user's language;
column titles of pivots and lists are field labels, which Odoo translates itself.
"""

import json
import pathlib

HERE = pathlib.Path(__file__).resolve().parent.parent / "data" / "files"
ROW_PX = 23
PERIOD = "a1d2a5f0-5b1e-4c43-9a36-7e0c1b9f0001"


def col(n):
    name = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        name = chr(65 + r) + name
    return name


class Sheet:
    def __init__(self, sheet_id, name):
        self.id, self.name = sheet_id, name
        self.cells, self.styles, self.figures, self.cformats = {}, {}, [], []
        self.row = 0

    def title(self, text):
        self.cells[f"A{self.row + 1}"] = f'=_t("{text}")'
        self.styles[f"A{self.row + 1}"] = 1
        self.row += 1

    def headers(self, texts):
        for i, text in enumerate(texts):
            self.cells[f"{col(i)}{self.row + 1}"] = f'=_t("{text}")'
            self.styles[f"{col(i)}{self.row + 1}"] = 2
        self.row += 1

    def formula(self, text, rows):
        self.cells[f"A{self.row + 1}"] = text
        start = self.row + 1
        self.row += rows
        return start

    def list_rows(self, list_id, fields, count, extra=None):
        for i in range(1, count + 1):
            r = self.row + 1
            for c, field in enumerate(fields):
                self.cells[f"{col(c)}{r}"] = f'=ODOO.LIST({list_id},{i},"{field}")'
            if extra:
                self.cells[f"{col(len(fields))}{r}"] = extra(i)
            self.row += 1

    def chart(self, chart_id, title, model, measure, group_by, domain, mode, matching, **extra):
        height = 15
        data = {
            "title": {"text": title},
            "background": "#FFFFFF",
            "legendPosition": "none",
            "metaData": {
                "groupBy": [group_by],
                "measure": measure,
                "order": None,
                "resModel": model,
                "mode": mode,
                "cumulatedStart": False,
            },
            "searchParams": {
                "comparison": None,
                "context": {},
                "domain": domain,
                "groupBy": [group_by],
                "orderBy": [],
            },
            "type": f"odoo_{mode}",
            "dataSets": [],
            "verticalAxisPosition": "left",
            "stacked": False,
            "fieldMatching": matching,
            "chartId": chart_id,
            **extra,
        }
        self.figures.append(
            {
                "id": chart_id,
                "width": 1000,
                "height": height * ROW_PX,
                "tag": "chart",
                "data": data,
                "offset": {"x": 0, "y": (self.row + 1) * ROW_PX},
                "col": 0,
                "row": 0,
            }
        )
        self.row += height + 2

    def dump(self, width):
        return {
            "id": self.id,
            "name": self.name,
            "colNumber": width,
            "rowNumber": self.row + 5,
            "rows": {},
            "cols": {"0": {"size": 260}, **{str(c): {"size": 120} for c in range(1, 9)}},
            "merges": [],
            "cells": self.cells,
            "styles": self.styles,
            "formats": {},
            "borders": {},
            "conditionalFormats": self.cformats,
            "dataValidationRules": [],
            "figures": self.figures,
            "tables": [],
            "areGridLinesVisible": False,
            "isVisible": True,
            "headerGroups": {"ROW": [], "COL": []},
            "comments": {},
        }


def pivot(pid, model, rows, measures, domain, matching, columns=(), sort=None, name=""):
    return {
        "type": "ODOO",
        "fieldMatching": matching,
        "context": {},
        "domain": domain,
        "id": str(pid),
        "measures": [{"id": m, "fieldName": m} for m in measures],
        "model": model,
        "name": name,
        "sortedColumn": sort and {"measure": sort, "order": "desc", "domain": []},
        "formulaId": str(pid),
        "columns": [{"fieldName": c} for c in columns],
        "rows": [{"fieldName": r} for r in rows],
    }


def odoo_list(lid, model, columns, domain, order, name=""):
    return {
        "columns": columns,
        "domain": domain,
        "model": model,
        "context": {},
        "orderBy": [{"name": field, "asc": asc} for field, asc in order],
        "id": str(lid),
        "name": name,
        "fieldMatching": {},
    }


def spreadsheet(sheet, width, pivots, lists, filters):
    return {
        "version": "18.4.14",
        "sheets": [sheet.dump(width)],
        "styles": {
            "1": {"textColor": "#01666b", "fontSize": 16, "bold": True},
            "2": {"textColor": "#434343", "bold": True, "fontSize": 11},
        },
        "formats": {},
        "borders": {},
        "revisionId": "START_REVISION",
        "uniqueFigureIds": True,
        "settings": {},
        "pivots": {str(p["id"]): p for p in pivots},
        "pivotNextId": len(pivots) + 1,
        "customTableStyles": {},
        "globalFilters": filters,
        "lists": {str(item["id"]): item for item in lists},
        "listNextId": len(lists) + 1,
        "chartOdooMenusReferences": {},
    }


def by_date(field):
    return {PERIOD: {"chain": field, "type": "date", "offset": 0}}


PERIOD_FILTER = [
    {"id": PERIOD, "type": "date", "label": "Period", "defaultValue": "last_12_months"}
]

STAT = "sports.venue.stat"


def manager():
    s = Sheet("a1d2a5f0-5b1e-4c43-9a36-7e0c1b9f0101", "Venue")
    s.title("Today")
    s.headers(["Venue", "Visitors today", "Inside now", "Entries today"])
    s.list_rows(1, ["venue_id", "visitors_today", "occupancy", "entries_today"], 5)
    s.row += 1
    s.title("Revenue by category")
    s.formula("=PIVOT(1, 13)", 16)
    s.title("Court utilisation: booked hours by hour of day")
    start = s.formula("=PIVOT(2, 30)", 33)
    s.cformats.append(
        {
            "id": "a1d2a5f0-5b1e-4c43-9a36-7e0c1b9f0201",
            "ranges": [f"B{start + 2}:Z{start + 31}"],
            "rule": {
                "type": "ColorScaleRule",
                "minimum": {"type": "value", "color": 16777215},
                "maximum": {"type": "value", "color": 1204089},
            },
        }
    )
    bookings_domain = [["state", "in", ["confirmed", "checked_in", "done"]]]
    s.chart(
        "a1d2a5f0-5b1e-4c43-9a36-7e0c1b9f0301",
        "Bookings per month",
        "sports.booking",
        "__count",
        "start_at:month",
        bookings_domain,
        "bar",
        by_date("start_at"),
    )
    s.chart(
        "a1d2a5f0-5b1e-4c43-9a36-7e0c1b9f0302",
        "Member cards issued per month",
        "sports.card",
        "__count",
        "create_date:month",
        [],
        "line",
        by_date("create_date"),
        cumulative=True,
        fillArea=True,
    )
    s.title("Top products")
    s.formula("=PIVOT(3, 10)", 13)
    s.title("Energy and water per visitor")
    s.formula("=PIVOT(4, 10)", 13)
    s.title("Open energy waste alerts")
    s.headers(["Start", "Space", "Kind", "Wasted kWh", "Wasted m³"])
    s.list_rows(2, ["start", "space_id", "kind", "energy_kwh", "water_m3"], 10)
    pivots = [
        pivot(
            1,
            STAT,
            ["date:month"],
            [
                "revenue_booking",
                "revenue_ticket",
                "revenue_card",
                "revenue_goods",
                "revenue_stall",
                "revenue_other",
                "revenue_total",
            ],
            [],
            by_date("date"),
            name="Revenue by category",
        ),
        pivot(
            2,
            "sports.booking.heatmap",
            ["space_id"],
            ["booked_hours"],
            [],
            by_date("date"),
            columns=["hour"],
            name="Court utilisation",
        ),
        pivot(
            3,
            "sports.dashboard.product.sale",
            ["product_id"],
            ["amount", "quantity"],
            [],
            by_date("date"),
            sort="amount",
            name="Top products",
        ),
        pivot(
            4,
            STAT,
            ["venue_id"],
            ["entries", "energy_kwh", "water_m3", "energy_per_visitor", "water_per_visitor"],
            [],
            by_date("date"),
            name="Energy per visitor",
        ),
    ]
    lists = [
        odoo_list(
            1,
            "sports.dashboard.venue.live",
            ["venue_id", "visitors_today", "occupancy", "entries_today"],
            [],
            [("visitors_today", False)],
            name="Today",
        ),
        odoo_list(
            2,
            "sports.waste.alert",
            ["start", "space_id", "kind", "energy_kwh", "water_m3"],
            [["state", "=", "new"]],
            [("start", False)],
            name="Open waste alerts",
        ),
    ]
    return spreadsheet(s, 26, pivots, lists, PERIOD_FILTER)


def bureau():
    s = Sheet("a1d2a5f0-5b1e-4c43-9a36-7e0c1b9f0102", "Region")
    s.title("Region totals")
    s.formula("=PIVOT(1, 12)", 15)
    s.chart(
        "a1d2a5f0-5b1e-4c43-9a36-7e0c1b9f0303",
        "Entries per month",
        STAT,
        "entries",
        "date:month",
        [],
        "line",
        by_date("date"),
        fillArea=True,
    )
    s.title("Top venues")
    s.formula("=PIVOT(2, 10)", 13)
    s.title("Compliance warnings")
    s.headers(["Venue", "Year", "Overall", "Warning"])
    s.list_rows(1, ["venue_id", "year", "state", "warning_message"], 10)
    s.row += 1
    s.title("Visitors per 1,000 residents")
    s.headers(["Region", "Population", "Entries", "Per 1,000 residents"])

    def entries(i):
        region = f'ODOO.LIST(2,{i},"id")'
        return (
            f'=IF(ODOO.LIST(2,{i},"population"),'
            f'IFERROR(PIVOT.VALUE(3,"entries","district_id",{region}),0)'
            f'+IFERROR(PIVOT.VALUE(4,"entries","city_id",{region}),0)'
            f'+IFERROR(PIVOT.VALUE(5,"entries","province_id",{region}),0),"")'
        )

    first = s.row + 1
    s.list_rows(2, ["name", "population"], 8, extra=entries)
    for r in range(first, first + 8):
        s.cells[f"D{r}"] = f'=IFERROR(IF(B{r},ROUND(1000*C{r}/B{r},1),""),"")'
    stat_matching = by_date("date")
    totals = [
        "entries",
        "unique_visitors",
        "open_hours",
        "public_benefit_hours",
        "public_benefit_visitors",
        "free_visitors",
        "low_fee_visitors",
    ]
    pivots = [
        pivot(1, STAT, ["district_id"], totals, [], stat_matching, name="Region totals"),
        pivot(
            2,
            STAT,
            ["venue_id"],
            ["entries", "unique_visitors"],
            [],
            stat_matching,
            sort="entries",
            name="Top venues",
        ),
        pivot(3, STAT, ["district_id"], ["entries"], [], stat_matching, name="Districts"),
        pivot(4, STAT, ["city_id"], ["entries"], [], stat_matching, name="Cities"),
        pivot(5, STAT, ["province_id"], ["entries"], [], stat_matching, name="Provinces"),
    ]
    lists = [
        odoo_list(
            1,
            "sports.compliance",
            ["venue_id", "year", "state", "warning_message"],
            [["state", "!=", "ok"]],
            [("year", False)],
            name="Compliance warnings",
        ),
        odoo_list(
            2,
            "sports.region",
            ["name", "population"],
            [["population", ">", 0]],
            [("population", False)],
            name="Regions with population",
        ),
    ]
    return spreadsheet(s, 12, pivots, lists, PERIOD_FILTER)


if __name__ == "__main__":
    for name, build in (("manager_dashboard.json", manager), ("bureau_dashboard.json", bureau)):
        (HERE / name).write_text(json.dumps(build(), indent=1, ensure_ascii=False) + "\n")
