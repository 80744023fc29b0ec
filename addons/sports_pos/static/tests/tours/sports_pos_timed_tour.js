import * as Chrome from "@point_of_sale/../tests/pos/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/generic_helpers/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/pos/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/pos/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/pos/tours/utils/receipt_screen_util";
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sports_pos_timed_session", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            // Picked from the grid, the table's product opens the Running screen.
            ProductScreen.clickDisplayedProduct("Tour Table Time"),
            {
                content: "the Running screen opens instead of a line at list price",
                trigger: ".sports-running-screen",
            },
            {
                content: "back to the register",
                trigger: ".sports-running-back",
                run: "click",
            },
            ProductScreen.orderIsEmpty(),
            {
                content: "open the Running screen",
                trigger: ".pos-topheader .sports-running-button",
                run: "click",
            },
            {
                content: "nothing runs yet",
                trigger: ".sports-running-screen .sports-running-empty",
            },
            {
                content: "start the table",
                trigger: ".sports-running-start:has(.sports-running-start-name:contains('Tour Table'))",
                run: "click",
            },
            {
                content: "the session runs, one started period is due",
                trigger:
                    ".sports-running-session:has(.sports-running-name:contains('Tour Table')) .sports-running-due:contains('20.00')",
            },
            {
                content: "its elapsed time ticks",
                trigger: ".sports-running-session .sports-running-elapsed:contains('00:00:0')",
            },
            {
                content: "the table can no longer be started",
                trigger:
                    ".sports-running-screen:not(:has(.sports-running-start-name:contains('Tour Table')))",
            },
            {
                content: "stop it",
                trigger: ".sports-running-session .sports-running-stop",
                run: "click",
            },
            ProductScreen.totalAmountIs("20.00"),
            {
                content: "the order has the session's line at its amount",
                trigger:
                    ".order-container .orderline:has(.product-name:contains('Tour Table Time')):has(.price:contains('20.00'))",
            },
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Bank", true, { remaining: "0.00" }),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
        ].flat(),
});
