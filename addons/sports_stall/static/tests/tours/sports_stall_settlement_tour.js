import { registry } from "@web/core/registry";

const { DateTime } = luxon;

/** A date as the manager types it (an English user: MM/dd/yyyy). */
function typed(date) {
    return date.toFormat("MM/dd/yyyy");
}

registry.category("web_tour.tours").add("sports_stall_settlement_tour", {
    steps: () => [
        {
            content: "Create a settlement run",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=venue_id] input",
            run: "edit Tour Stall Arena",
        },
        {
            trigger: ".o-autocomplete--dropdown-menu a:contains(Tour Stall Arena)",
            run: "click",
        },
        {
            content: "The period: the past week up to tomorrow",
            trigger: ".o_field_widget[name=date_from] input",
            run: `edit ${typed(DateTime.local().minus({ days: 7 }))}`,
        },
        {
            trigger: ".o_field_widget[name=date_to] input",
            run: `edit ${typed(DateTime.local().plus({ days: 1 }))}`,
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
        {
            content: "Run it",
            trigger: "button[name=action_run]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The run is settled",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Settled)",
        },
        {
            content: "Open the settlements",
            trigger: "button[name=action_view_settlements]",
            run: "click",
        },
        {
            content: "The run's settlements are listed",
            trigger: ".o_breadcrumb .active:contains(Settlements)",
        },
        {
            content: "Open the stall's settlement",
            trigger: ".o_list_view .o_data_row:contains(Tour Dumplings) .o_data_cell[name=name]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=stall_id]:contains(Tour Dumplings)",
        },
        {
            content: "Print the statement",
            trigger: "button.o_stall_print_statement",
            run: "click",
        },
        {
            content: "Download the XLSX",
            trigger: "button.o_stall_download_xlsx",
            run: "click",
        },
        {
            content: "Still on the settlement",
            trigger: ".o_form_view .o_field_widget[name=stall_id]:contains(Tour Dumplings)",
        },
    ],
});
