import * as Chrome from "@point_of_sale/../tests/pos/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/generic_helpers/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/pos/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/pos/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/pos/tours/utils/receipt_screen_util";
import { registry } from "@web/core/registry";
import { scan_barcode } from "@point_of_sale/../tests/generic_helpers/utils";

function payByBank(total) {
    return [
        ProductScreen.totalAmountIs(total),
        ProductScreen.clickPayButton(),
        PaymentScreen.clickPaymentMethod("Bank", true, { remaining: "0.00" }),
        PaymentScreen.clickValidate(),
        ReceiptScreen.isShown(),
    ].flat();
}

registry.category("web_tour.tours").add("sports_pos_card_sale_deposit", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickDisplayedProduct("Tour Value Card"),
            {
                content: "the holder's name",
                trigger: ".sports-card-holder-dialog input.sports-card-holder-name",
                run: "edit Zhang Wei",
            },
            {
                content: "a phone that is not a mainland China mobile number",
                trigger: ".sports-card-holder-dialog input.sports-card-holder-phone",
                run: "edit 12345",
            },
            { trigger: ".modal .sports-card-confirm", run: "click" },
            {
                content: "the POS refuses the phone and says why",
                trigger: ".sports-card-holder-dialog .sports-card-error:contains('+86')",
            },
            {
                trigger: ".sports-card-holder-dialog input.sports-card-holder-phone",
                run: "edit 138 0013 8000",
            },
            { trigger: ".modal .sports-card-confirm", run: "click" },
            {
                content: "the dialog is closed",
                trigger: "body:not(:has(.sports-card-holder-dialog))",
            },
            ProductScreen.selectedOrderlineHas("Tour Value Card", "1", "50.00"),
            {
                content: "the deposit is a line of its own",
                trigger: ".order-container .orderline:contains('Member Card Deposit')",
            },
            ...payByBank("70.00"),
            {
                content: "the receipt prints the card number",
                trigger: ".pos-receipt .sports-card .sports-card-number:contains('MC')",
            },
            {
                content: "and a QR code of it, for a stored-value card",
                trigger: ".pos-receipt .sports-card img.sports-card-qr[src^='data:image']",
            },
        ].flat(),
});

registry.category("web_tour.tours").add("sports_pos_card_topup_bonus", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            // The card's printed number, scanned (barcode rule MC\d+), opens the card.
            scan_barcode("MC2026999001"),
            {
                content: "the scanned card and its balance",
                trigger:
                    ".sports-card-topup-dialog .sports-card-item.active:contains('MC2026999001') .sports-card-balance",
            },
            {
                trigger: ".sports-card-topup-dialog input.sports-card-topup-amount",
                run: "edit 500",
            },
            {
                content: "the tier's bonus is shown",
                trigger: ".sports-card-topup-dialog .sports-card-bonus:contains('30.00')",
            },
            { trigger: ".modal .sports-card-confirm", run: "click" },
            {
                content: "the dialog is closed",
                trigger: "body:not(:has(.sports-card-topup-dialog))",
            },
            ...payByBank("500.00"),
            {
                content: "the receipt prints the card and its new balance, bonus included",
                trigger: ".pos-receipt .sports-card .sports-card-balance:contains('530.00')",
            },
        ].flat(),
});
