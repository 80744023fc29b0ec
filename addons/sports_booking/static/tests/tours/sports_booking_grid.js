import { registry } from "@web/core/registry";

const row = (space) => `.o_booking_grid_table tr:has(.o_booking_grid_space_name:contains(${space}))`;
const court = row("Tour Court 2");

registry.category("web_tour.tours").add("sports_booking_grid_staff_book", {
    steps: () => [
        {
            content: "The grid shows the venue's spaces",
            trigger: `${court} td.o_booking_grid_free[data-time='10:00']`,
        },
        {
            content: "The full-court booking blocks both halves",
            trigger: `${row("Tour Half A")} td.o_booking_grid_blocked[data-time='08:00']`,
        },
        {
            trigger: `${row("Tour Half B")} td.o_booking_grid_blocked[data-time='08:00']`,
        },
        {
            trigger: `${row("Tour Full Court")} td.o_booking_grid_booking[data-time='08:00']:contains(Full Court Club)`,
        },
        {
            content: "Book court 2 at 10:00",
            trigger: `${court} td.o_booking_grid_free[data-time='10:00']`,
            run: "click",
        },
        {
            content: "The form opens in a dialog with the space filled in",
            trigger: ".modal .o_field_widget[name=space_id] input:value(Tour Court 2)",
        },
        {
            trigger: ".modal .o_field_widget[name=partner_id] input",
            run: "edit Grid Tour Cust",
        },
        {
            trigger: ".o-autocomplete--dropdown-menu a:contains(Grid Tour Customer)",
            run: "click",
        },
        {
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The new booking appears in the grid",
            trigger: `body:not(:has(.modal)) ${court} td.o_booking_grid_booking[data-time='10:00']:not([colspan]):contains(Grid Tour Customer)`,
        },
        {
            content: "Extend it by one slot with its + button",
            trigger: `${court} td.o_booking_grid_booking[data-time='10:00'] .o_booking_grid_extend`,
            run: "click",
        },
        {
            content: "It now covers two slots",
            trigger: `${court} td.o_booking_grid_booking[data-time='10:00'][colspan='2']:contains(10:00–12:00)`,
        },
        {
            content: "Drag its right edge over the next free slot",
            trigger: `${court} td.o_booking_grid_booking[data-time='10:00'] .o_booking_grid_handle`,
            run: `drag_and_drop ${court} td.o_booking_grid_free[data-time='12:00']`,
        },
        {
            content: "It now covers three slots",
            trigger: `${court} td.o_booking_grid_booking[data-time='10:00'][colspan='3']:contains(10:00–13:00)`,
        },
    ],
});
