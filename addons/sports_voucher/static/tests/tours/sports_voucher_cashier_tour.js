import * as Chrome from "@point_of_sale/../tests/pos/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/generic_helpers/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/pos/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/pos/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/pos/tours/utils/receipt_screen_util";
import { registry } from "@web/core/registry";

// The test's voucher (tests/test_pos_tour.py): ¥15 off ¥50.
const CODE = "V0123456789ABCDEF";

registry.category("web_tour.tours").add("sports_voucher_cashier", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickPartnerButton(),
            ProductScreen.clickCustomer("Tour Member Wang"),
            ProductScreen.clickDisplayedProduct("游泳单次票"),
            ProductScreen.clickDisplayedProduct("游泳单次票"),
            ProductScreen.totalAmountIs("60.00"),
            ProductScreen.clickControlButton("Voucher"),
            {
                content: "the customer's voucher is listed with its discount",
                trigger: `.sports-voucher-dialog .sports-voucher-option[data-code='${CODE}'] .sports-voucher-discount`,
            },
            {
                content: "type the voucher's code",
                trigger: ".sports-voucher-dialog input.sports-voucher-code",
                run: `edit ${CODE}`,
            },
            {
                content: "apply it",
                trigger: ".sports-voucher-dialog .sports-voucher-search",
                run: "click",
            },
            ProductScreen.orderLineHas("Sports Voucher", "1", "-15.00"),
            ProductScreen.totalAmountIs("45.00"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("现金 Cash"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
        ].flat(),
});

registry.category("web_tour.tours").add("sports_voucher_cashier_refused", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickDisplayedProduct("游泳单次票"),
            ProductScreen.clickControlButton("Voucher"),
            {
                content: "type the voucher's code",
                trigger: ".sports-voucher-dialog input.sports-voucher-code",
                run: `edit ${CODE}`,
            },
            {
                content: "apply it",
                trigger: ".sports-voucher-dialog .sports-voucher-search",
                run: "click",
            },
            {
                content: "the server's reason shows in the dialog",
                trigger: ".sports-voucher-dialog .sports-voucher-error",
            },
            Dialog.discard(),
            ProductScreen.totalAmountIs("30.00"),
        ].flat(),
});
