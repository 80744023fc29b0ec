import { registry } from "@web/core/registry";
import { payOrderWithDemoSteps } from "@sports_sale/../tests/tours/pay_order_with_demo";

/**
 * A member logs in from a venue page, books two contiguous slots of tomorrow on one
 * court, pays the order with the demo provider and finds the booking under My bookings.
 *
 * The Python test creates the member (login and password below), the court coded
 * SBTOUR (badminton) and its prices (80 an hour for members), and starts the tour on
 * the venue page as a visitor.
 */
registry.category("web_tour.tours").add("sports_booking_portal_book_and_pay", {
    steps: () => [
        {
            content: "A visitor is asked to log in before booking",
            trigger: ".o_sb_login_hint a.o_sb_login",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".oe_login_form input[name='login']",
            run: "edit sb_tour_member",
        },
        {
            trigger: ".oe_login_form input[name='password']",
            run: "edit sb-tour-member-Pass-1",
        },
        {
            content: "Log in; the login page sends the member back to the venue",
            trigger: ".oe_login_form button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Back on the venue page, logged in: pick badminton",
            trigger: ".o_sports_venue:not(:has(.o_sb_login_hint)) .o_sb_sports a[data-sport-code='badminton']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Pick tomorrow",
            trigger: ".o_sb_sports a.active[data-sport-code='badminton']",
        },
        {
            trigger: ".o_sb_days a[data-offset='1']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Select 10:00 on the tour court",
            trigger: ".o_sb_days a.active[data-offset='1']",
        },
        {
            trigger: ".o_sb_grid label.o_sb_slot_label[data-space-code='SBTOUR'][data-time='10:00']",
            run: "click",
        },
        {
            content: "Select 11:00, right after it",
            trigger: ".o_sb_grid label.o_sb_slot_label[data-space-code='SBTOUR'][data-time='11:00']",
            run: "click",
        },
        {
            content: "The total of both slots at the member price is shown",
            trigger: ".o_sports_booking_form .o_sb_total:contains('160.00')",
        },
        {
            trigger: ".o_sports_booking_form .o_sb_summary:contains('10:00-12:00')",
        },
        {
            content: "Book: the order page opens",
            trigger: ".o_sports_booking_form button.o_sb_submit:enabled",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The order lists the held booking",
            trigger: "#sports_bookings .o_sb_state_held",
        },
        ...payOrderWithDemoSteps(),
        {
            content: "Paid: the booking of the order is confirmed",
            trigger: "#sports_bookings .o_sb_state_confirmed",
        },
        {
            content: "Open the booking from the order",
            trigger: "#sports_bookings a[href^='/my/bookings/']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_sb_booking_page .o_sb_state_confirmed",
        },
        {
            content: "Go to the list of bookings",
            trigger: ".o_portal_submenu a[href='/my/bookings']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The booking is listed as upcoming and confirmed",
            trigger: ".o_portal_my_doc_table .o_sb_booking_row:contains('SBTOUR') .o_sb_state_confirmed",
        },
    ],
});
