import { registry } from "@web/core/registry";
import { patch } from "@web/core/utils/patch";
import { RelationalModel } from "@web/model/relational_model/relational_model";

// The test sets window.arenaDeskScanCode to a booking's QR before it starts the tour, as
// a barcode scanner would type it.
const code = () => window.arenaDeskScanCode;
const member = "Scan Tour Member";

registry.category("web_tour.tours").add("sports_access_booking_desk_scan_grid", {
    steps: () => [
        {
            content: "The booking is confirmed on the day grid",
            trigger: `td.o_booking_grid_booking.o_state_confirmed:contains(${member})`,
        },
        {
            content: "Scan its QR into the grid's scan field",
            trigger: ".o_booking_grid_toolbar .o_arena_desk_scan_input",
            run: `edit ${code()} && press Enter`,
        },
        {
            content: "The desk is told which booking was checked in",
            trigger: `.o_notification:contains(checked in: ${member})`,
        },
        {
            content: "The grid shows it checked in",
            trigger: `td.o_booking_grid_booking.o_state_checked_in.o_booking_grid_scanned:contains(${member})`,
        },
    ],
});

registry.category("web_tour.tours").add("sports_access_booking_desk_scan_list", {
    steps: () => [
        {
            content: "Filter the list on another venue: the desk of the annex",
            trigger: ".o_searchview_input",
            run: "edit Scan Tour Annex",
        },
        {
            trigger: ".o-dropdown-item:contains(Search Venue for:) a.o_expand > i",
            run: "click",
        },
        {
            trigger: ".o-dropdown-item.o_indent:contains(Scan Tour Annex) a",
            run: "click",
        },
        {
            trigger: ".o_searchview_facet:contains(Scan Tour Annex)",
        },
        {
            content:
                "Scan the QR of the hall's booking at the annex, on a slow network: the list's " +
                "reload after the scan is held for a moment",
            trigger: ".o_control_panel .o_arena_desk_scan_input",
            run: async (helpers) => {
                let held = false;
                patch(RelationalModel.prototype, {
                    async _loadData(...args) {
                        if (!held) {
                            held = true;
                            await new Promise((resolve) => setTimeout(resolve, 1000));
                        }
                        return super._loadData(...args);
                    },
                });
                await helpers.edit(code());
                await helpers.press("Enter");
            },
        },
        {
            content:
                "The desk is told the booking is at the hall, and drops the venue filter at " +
                "once: the search's reload replaces the list's reload after the scan, which " +
                "must not keep the scan field busy",
            trigger: ".o_notification:contains(is at Scan Tour Hall, not at Scan Tour Annex)",
            run: async (helpers) => {
                await helpers.click(".o_searchview_facet:contains(Scan Tour Annex) .o_facet_remove");
            },
        },
        {
            trigger: ".o_searchview_input",
            run: `edit ${member}`,
        },
        {
            trigger: ".o_searchview_autocomplete .o-dropdown-item:contains(Customer)",
            run: "click",
        },
        {
            content: "The booking is listed, confirmed",
            trigger: `.o_data_row:contains(${member}) .badge:contains(Confirmed)`,
        },
        {
            content: "Scan its QR into the list's scan field",
            trigger: ".o_control_panel .o_arena_desk_scan_input",
            run: `edit ${code()} && press Enter`,
        },
        {
            content: "The desk is told which booking was checked in, and where",
            trigger: `.o_notification:contains(checked in: ${member}):contains(Scan Tour Hall)`,
        },
        {
            content: "The list shows it checked in",
            trigger: `.o_data_row:contains(${member}) .badge:contains(Checked In)`,
        },
    ],
});
