import { registry } from "@web/core/registry";

// A city bureau opens its dashboard, then exports the subsidy report's XLSX.
// Menus are found by xmlid and fields by name; only the dashboard by its (English) name.
registry.category("web_tour.tours").add("sports_dashboard_bureau", {
    steps: () => [
        {
            content: "The bureau's dashboard is listed",
            trigger:
                ".o_spreadsheet_dashboard_search_panel .o_search_panel_category_value:contains(Sports Bureau)",
            run: "click",
        },
        {
            content: "It loads without error and renders its grid",
            trigger: ".o_spreadsheet_dashboard_action .o_renderer .o-grid",
        },
        {
            trigger: ".o_spreadsheet_dashboard_action:not(:has(.dashboard-loading-status))",
        },
        {
            content: "Go to the statistics",
            trigger: "body",
            run: "goToUrl /odoo/action-sports_regulatory.sports_venue_stat_action",
            expectUnloadPage: true,
        },
        {
            content: "Open the Statistics menu",
            trigger: ".o_menu_sections [data-menu-xmlid='sports_regulatory.menu_arena_regulatory']",
            run: "click",
        },
        {
            content: "Subsidy Report",
            trigger: "[data-menu-xmlid='sports_regulatory.menu_sports_regulatory_report']",
            run: "click",
        },
        {
            content: "The wizard reports on the bureau",
            trigger: ".modal .o_field_widget[name=company_id]",
        },
        {
            content: "Export the XLSX",
            trigger: ".modal button[name=action_export_xlsx]",
            run: "click",
        },
        {
            content: "No error came back",
            trigger: "body:not(:has(.o_error_dialog))",
        },
    ],
});
