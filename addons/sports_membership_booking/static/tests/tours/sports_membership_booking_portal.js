import { registry } from "@web/core/registry";
import { payOrderWithDemoSteps } from "@sports_sale/../tests/tours/pay_order_with_demo";

/**
 * A member logs in, finds their empty stored-value card under My cards, tops it up with
 * the "pay 100 get 110" tier paid with the demo provider, sees 100 paid and 10 bonus on
 * it, then pays their held court booking with the card and sees it confirmed.
 *
 * The Python test creates the member (login and password below), the card, the tier
 * and the held booking, and starts the tour on /my as a visitor.
 */
registry.category("web_tour.tours").add("sports_membership_booking_portal_topup_and_pay", {
    steps: () => [
        {
            trigger: ".oe_login_form input[name='login']",
            run: "edit sm_tour_member",
        },
        {
            trigger: ".oe_login_form input[name='password']",
            run: "edit sm-tour-member-Pass-1",
        },
        {
            content: "Log in; the login page sends the member to their account",
            trigger: ".oe_login_form button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open My cards",
            trigger: ".o_portal_index_card a[href='/my/cards']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The card is listed, empty",
            trigger: ".o_sm_card_row .o_sm_balance_paid:contains('0.00')",
        },
        {
            trigger: ".o_sm_card_row a[href^='/my/cards/']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The card page shows its QR code and a zero balance",
            trigger: ".o_sm_card_page img.o_sm_card_qr[src^='data:image/png']",
        },
        {
            trigger: ".o_sm_card_page .o_sm_balance_total:contains('0.00')",
        },
        {
            content: "Choose the tier: pay 100, get 110",
            trigger: ".o_sm_topup label.o_sm_tier[data-amount='100.00']:contains('110.00')",
            run: "click",
        },
        {
            content: "Top up: the order page opens",
            trigger: ".o_sm_topup button.o_sm_topup_button",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The order names the card it tops up",
            trigger: "#sports_card_topups a.o_sm_order_card",
        },
        ...payOrderWithDemoSteps(),
        {
            content: "Paid: the top-up is credited",
            trigger: "#sports_card_topups .o_sm_credited",
        },
        {
            trigger: "#sports_card_topups a.o_sm_order_card",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The card holds 100 paid and 10 bonus",
            trigger: ".o_sm_card_page .o_sm_balance_paid:contains('100.00')",
        },
        {
            trigger: ".o_sm_card_page .o_sm_balance_bonus:contains('10.00')",
        },
        {
            trigger: ".o_sm_card_page .o_sm_move_topup",
        },
        {
            content: "Back to the account",
            trigger: ".o_portal_submenu a[href='/my/home']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open My bookings",
            trigger: ".o_portal_index_card a[href='/my/bookings']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Open the held booking",
            trigger: ".o_sb_booking_row:has(.o_sb_state_held) a[href^='/my/bookings/']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Pay it with the member card",
            trigger: ".o_sm_pay_with_card button.o_sm_pay_with_card_button",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The booking is paid and confirmed",
            trigger: ".o_sm_paid_by_card",
        },
        {
            trigger: ".o_sb_booking_page .o_sb_state_confirmed",
        },
    ],
});
