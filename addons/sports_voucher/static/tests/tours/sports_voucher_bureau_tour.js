import { registry } from "@web/core/registry";

/** A bureau officer reviews a flag, then approves a venue's subsidy claim. */
registry.category("web_tour.tours").add("sports_voucher_bureau_tour", {
    steps: () => [
        {
            content: "The review queue lists the flag to review (the demo's flag is elsewhere)",
            trigger:
                ".o_data_row:has(td[name=venue_id]:contains(结算体育馆)) td[name=kind]:contains(No Gate Entry)",
            run: "click",
        },
        {
            content: "The banner says what accepting does",
            trigger: ".o_voucher_flag_banner:contains(Accepting confirms the fraud)",
        },
        {
            content: "Give the reason",
            trigger: ".o_field_widget[name=reason] textarea",
            run: "edit 闸机无入场记录，核实为虚假核销",
        },
        {
            content: "Accept the flag",
            trigger: "button[name=action_accept]",
            run: "click",
        },
        {
            content: "The flag is accepted",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Accepted)",
        },
        {
            content: "Go to the subsidy claims",
            trigger: "body",
            run: "goToUrl /odoo/action-sports_voucher.sports_voucher_subsidy_claim_action",
            expectUnloadPage: true,
        },
        {
            content: "Open the submitted claim",
            trigger: ".o_data_row td[name=venue_id]:contains(结算体育馆)",
            run: "click",
        },
        {
            content: "The rejected discount is left out of the proposed amount",
            trigger: ".o_field_widget[name=amount_rejected]:contains(20.00)",
        },
        {
            content: "Approve it",
            trigger: "button[name=action_approve]",
            run: "click",
        },
        {
            content: "The claim is approved with its bill and invoice",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Approved)",
            // The bureau's first approval opens its books (a chart of accounts): slow.
            timeout: 60000,
        },
        {
            content: "The bureau's bill is linked",
            trigger: ".o_field_widget[name=vendor_bill_id]:contains(/)",
        },
    ],
});
