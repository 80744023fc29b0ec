import { registry } from "@web/core/registry";

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
            content: "Scan the QR of the hall's booking at the annex",
            trigger: ".o_control_panel .o_arena_desk_scan_input",
            run: `edit ${code()} && press Enter`,
        },
        {
            content: "The desk is told the booking is at the hall",
            trigger: ".o_notification:contains(is at Scan Tour Hall, not at Scan Tour Annex)",
        },
        {
            content: "Without a venue filter, look for the member",
            trigger: ".o_searchview_facet:contains(Scan Tour Annex) .o_facet_remove",
            run: "click",
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
