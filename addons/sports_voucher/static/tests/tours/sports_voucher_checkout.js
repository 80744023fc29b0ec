import { registry } from "@web/core/registry";
import { payOrderWithDemoSteps } from "@sports_sale/../tests/tours/pay_order_with_demo";

/**
 * The demo member, logged in and verified, claims a ¥30 voucher on My vouchers, books
 * the day after tomorrow at 10:00 on the tour court (¥100), applies the voucher on the
 * order page, sees the total drop to ¥70 and pays it with the demo provider. The Python
 * test opens the campaign's batch, makes the court (code SVTOUR, badminton) and its
 * price, and checks the redemption.
 */
registry.category("web_tour.tours").add("sports_voucher_checkout", {
    steps: () => [
        {
            content: "My vouchers offers the tour campaign's batch: claim a voucher",
            trigger: ".o_voucher_batch:contains('Tour Campaign') button.o_voucher_claim",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The voucher is the member's, listed as held",
            trigger: ".o_voucher_claimed",
        },
        {
            trigger: ".o_voucher_held .o_voucher_card:contains('Tour Campaign')",
            run: () => {
                window.location.href = "/venues";
            },
            expectUnloadPage: true,
        },
        {
            content: "Open the venue",
            trigger: ".o_sb_venue_card a:contains('Voucher Tour Venue')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Pick badminton",
            trigger: ".o_sb_sports a[data-sport-code='badminton']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_sb_sports a.active[data-sport-code='badminton']",
        },
        {
            content: "Pick the day after tomorrow",
            trigger: ".o_sb_days a[data-offset='2']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_sb_days a.active[data-offset='2']",
        },
        {
            content: "Select 10:00 on the tour court",
            trigger: ".o_sb_grid label.o_sb_slot_label[data-space-code='SVTOUR'][data-time='10:00']",
            run: "click",
        },
        {
            trigger: ".o_sports_booking_form .o_sb_total:contains('100.00')",
        },
        {
            content: "Book: the order page opens",
            trigger: ".o_sports_booking_form button.o_sb_submit:enabled",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The order costs 100.00 before the voucher",
            trigger: "table[name='sale_order_totals_table']:contains('100.00')",
        },
        {
            content: "Apply the ¥30 voucher offered for this order",
            trigger: "#sports_voucher .o_sv_option:contains('30.00') button.o_sv_apply",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The voucher is in the order",
            trigger: "#sports_voucher .o_sv_applied:contains('-') button.o_sv_remove",
        },
        {
            content: "The total dropped to 70.00",
            trigger: "table[name='sale_order_totals_table']:contains('70.00')",
        },
        ...payOrderWithDemoSteps(),
        {
            content: "Paid: the booking of the order is confirmed",
            trigger: "#sports_bookings .o_sb_state_confirmed",
        },
    ],
});
