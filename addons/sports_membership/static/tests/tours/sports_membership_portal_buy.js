import { registry } from "@web/core/registry";
import { payOrderWithDemoSteps } from "@sports_sale/../tests/tours/pay_order_with_demo";

/**
 * A member buys a count card on the portal: from My cards to the list of cards sold
 * online, the order page, the demo payment, and back to the new card with its QR.
 *
 * The Python test (tests/test_portal_buy.py) logs the member in, publishes the count
 * card type "Portal Swim 10" and enables the demo provider.
 */
registry.category("web_tour.tours").add("sports_membership_portal_buy_card", {
    steps: () => [
        {
            content: "My cards offers to buy a card",
            trigger: "a.o_sm_buy_link",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Buy the published count card",
            trigger: ".o_sm_buy_type:contains('Portal Swim 10') button.o_sm_buy_button",
            run: "click",
            expectUnloadPage: true,
        },
        ...payOrderWithDemoSteps("The order page asks for the payment"),
        {
            content: "Paid: the order links to the card it issued",
            trigger: "#sports_cards_sold a.o_sm_order_card",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The card shows its QR and its entries",
            trigger: ".o_sm_card_page img.o_sm_card_qr",
        },
        {
            trigger: ".o_sm_card_page .o_sm_remaining_uses:contains('10')",
        },
    ],
});
