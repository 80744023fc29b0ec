import { registry } from "@web/core/registry";
import { payOrderWithDemoSteps } from "@sports_sale/../tests/tours/pay_order_with_demo";

/**
 * A member with no ticket logs in, opens My tickets from their account, buys one
 * "Tour Swim Ticket", pays the order with the demo provider, then finds the ticket under
 * My tickets and opens it to see its QR code.
 *
 * The Python test creates the member (login and password below), the published venue
 * and ticket type and the demo provider, and starts the tour on /my as a visitor.
 */
const TICKET_TYPE = ".o_sa_ticket_type[data-ticket-type='Tour Swim Ticket']";

registry.category("web_tour.tours").add("sports_access_portal_buy_ticket", {
    steps: () => [
        {
            trigger: ".oe_login_form input[name='login']",
            run: "edit sa_tour_member",
        },
        {
            trigger: ".oe_login_form input[name='password']",
            run: "edit sa-tour-member-Pass-1",
        },
        {
            content: "Log in; the login page sends the member to their account",
            trigger: ".oe_login_form button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open My tickets",
            trigger: ".o_portal_index_card a[href='/my/tickets']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "No ticket yet",
            trigger: ".o_sa_no_ticket",
        },
        {
            content: "One ticket",
            trigger: `${TICKET_TYPE} input.o_sa_quantity`,
            run: "edit 1",
        },
        {
            content: "Buy: the order page opens",
            trigger: `${TICKET_TYPE} button.o_sa_buy`,
            run: "click",
            expectUnloadPage: true,
        },
        ...payOrderWithDemoSteps(),
        {
            content: "Paid: the quotation is now a confirmed order",
            trigger: "#introduction h2:contains('Sales Order')",
        },
        {
            content: "Back to the account",
            trigger: ".o_portal_submenu a[href='/my/home']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open My tickets again",
            trigger: ".o_portal_index_card a[href='/my/tickets']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open the valid ticket",
            trigger: ".o_sa_ticket_row:has(.o_sa_state_valid) a[href^='/my/tickets/']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The ticket page shows its QR code",
            trigger: ".o_sa_ticket_page img.o_sa_ticket_qr[src^='data:image/png']",
        },
    ],
});
