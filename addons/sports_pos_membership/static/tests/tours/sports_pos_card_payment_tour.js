/* global posmodel */

import * as Chrome from "@point_of_sale/../tests/pos/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/generic_helpers/dialog_util";
import * as OfflineUtil from "@point_of_sale/../tests/generic_helpers/offline_util";
import * as PaymentScreen from "@point_of_sale/../tests/pos/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/pos/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/pos/tours/utils/receipt_screen_util";
import { registry } from "@web/core/registry";

const METHOD = "Member Card";

function sellShuttles() {
    return [
        Chrome.startPoS(),
        Dialog.confirm("Open Register"),
        ProductScreen.clickDisplayedProduct("Tour Shuttle"),
        ProductScreen.totalAmountIs("30.00"),
        ProductScreen.clickPayButton(),
        PaymentScreen.clickPaymentMethod(METHOD, true, { remaining: "0.00" }),
    ].flat();
}

function identifyCard(code) {
    return [
        {
            content: "ask the card dialog to identify the card",
            trigger: ".paymentlines .paymentline .send_payment_request",
            run: "click",
        },
        {
            content: "type the card number",
            trigger: ".modal .sports-card-dialog input.sports-card-code",
            run: `edit ${code}`,
        },
        {
            content: "look the card up",
            trigger: ".modal .sports-card-dialog .sports-card-search",
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("sports_pos_card_payment", {
    steps: () =>
        [
            sellShuttles(),
            identifyCard("TOURCARD-RICH"),
            {
                content: "the dialog shows the card and its balance",
                trigger: ".modal .sports-card-option[data-card='TOURCARD-RICH'] .sports-card-balance:contains('100.00')",
            },
            {
                content: "pick the card: the paid order validates at once",
                trigger: ".modal .sports-card-option[data-card='TOURCARD-RICH']",
                run: "click",
            },
            ReceiptScreen.isShown(),
            {
                content: "the receipt prints the card's new balance",
                trigger: ".pos-receipt .pos-payment-terminal-receipt:contains('TOURCARD-RICH'):contains('70.00')",
            },
        ].flat(),
});

registry.category("web_tour.tours").add("sports_pos_card_insufficient", {
    steps: () =>
        [
            sellShuttles(),
            identifyCard("TOURCARD-POOR"),
            {
                content: "the dialog says the card holds too little",
                trigger: ".modal .sports-card-option.disabled[data-card='TOURCARD-POOR'] .sports-card-refusal:contains('less than 30.00')",
            },
            Dialog.discard(),
            {
                content: "identify the rich card instead",
                trigger: ".paymentlines .paymentline .send_payment_request",
                run: "click",
            },
            {
                content: "type the card number",
                trigger: ".modal .sports-card-dialog input.sports-card-code",
                run: "edit TOURCARD-RICH",
            },
            {
                content: "look the card up",
                trigger: ".modal .sports-card-dialog .sports-card-search",
                run: "click",
            },
            {
                content: "the dialog shows the rich card, able to pay",
                trigger: ".modal .sports-card-option:not(.disabled)[data-card='TOURCARD-RICH']",
            },
            {
                content: "meanwhile the card is spent at another till",
                trigger: ".modal .sports-card-dialog",
                run: async () => {
                    const [card] = await posmodel.data.call("sports.card", "search_read", [
                        [["name", "=", "TOURCARD-RICH"]],
                        ["id"],
                    ]);
                    await posmodel.data.call("sports.card", "charge", [
                        [card.id],
                        90.0,
                        "tour-other-till",
                    ]);
                },
            },
            {
                content: "pick the card: the paid order validates at once",
                trigger: ".modal .sports-card-option[data-card='TOURCARD-RICH']",
                run: "click",
            },
            {
                content: "the server refuses the order with the card's message",
                trigger: ".modal-body:contains('less than 30.00')",
            },
            Dialog.confirm(),
            {
                content: "the order stays on the payment screen, its card line to identify again",
                trigger: ".payment-screen .paymentlines .paymentline .send_payment_request:contains('Retry')",
            },
        ].flat(),
});

registry.category("web_tour.tours").add("sports_pos_card_offline", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickDisplayedProduct("Tour Shuttle"),
            ProductScreen.clickPayButton(),
            OfflineUtil.setOfflineMode(),
            {
                content: "the POS finds out it is offline",
                trigger: ".payment-screen",
                run: async () => {
                    await posmodel.data.checkConnectivity();
                    if (!posmodel.data.network.offline) {
                        throw new Error("the POS should be offline");
                    }
                },
            },
            PaymentScreen.clickPaymentMethod(METHOD),
            {
                content: "a card payment is refused offline, saying why",
                trigger: ".modal-body:contains('The POS is offline')",
            },
            Dialog.confirm(),
            {
                content: "no card payment line was added",
                trigger: ".payment-screen:not(:has(.paymentline .payment-infos:contains('Member Card')))",
            },
            OfflineUtil.setOnlineMode(),
        ].flat(),
});
