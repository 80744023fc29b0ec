/* global posmodel */
import * as Chrome from "@point_of_sale/../tests/pos/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/generic_helpers/dialog_util";
import * as OfflineUtil from "@point_of_sale/../tests/generic_helpers/offline_util";
import * as PaymentScreen from "@point_of_sale/../tests/pos/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/pos/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/pos/tours/utils/receipt_screen_util";
import { scan_barcode } from "@point_of_sale/../tests/generic_helpers/utils";
import { registry } from "@web/core/registry";

// The test's voucher (tests/test_pos_tour.py): ¥15 off ¥50.
const CODE = "V0123456789ABCDEF";

function typeCode() {
    return [
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
    ];
}

registry.category("web_tour.tours").add("sports_voucher_cashier", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickPartnerButton(),
            ProductScreen.clickCustomer("Tour Member Wang"),
            // One ticket is below the threshold: the server says so, nothing is added.
            ProductScreen.clickDisplayedProduct("游泳单次票"),
            scan_barcode(CODE),
            {
                content: "a scanned voucher QR gets the server's reason",
                trigger: ".modal-body:contains(50)",
            },
            Dialog.confirm(),
            ProductScreen.clickControlButton("Voucher"),
            {
                content: "the customer's voucher is listed with the reason it cannot be used",
                trigger: `.sports-voucher-dialog .sports-voucher-option[data-code='${CODE}'] .sports-voucher-refusal`,
            },
            typeCode(),
            {
                content: "the server's reason shows in the dialog",
                trigger: ".sports-voucher-dialog .sports-voucher-error:contains(50)",
            },
            Dialog.discard(),
            ProductScreen.totalAmountIs("30.00"),
            // Two tickets reach it: the code gives its discount line.
            ProductScreen.clickDisplayedProduct("游泳单次票"),
            ProductScreen.totalAmountIs("60.00"),
            ProductScreen.clickControlButton("Voucher"),
            {
                content: "the customer's voucher is listed with its discount",
                trigger: `.sports-voucher-dialog .sports-voucher-option[data-code='${CODE}'] .sports-voucher-discount`,
            },
            typeCode(),
            ProductScreen.orderLineHas("Sports Voucher", "1", "-15.00"),
            ProductScreen.totalAmountIs("45.00"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("现金 Cash"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            // Offline, a voucher is refused with a message: only the server checks it.
            ReceiptScreen.clickNextOrder(),
            OfflineUtil.setOfflineMode(),
            {
                content: "the POS has lost the server",
                trigger: "body",
                run: () => {
                    posmodel.data.network.offline = true;
                },
            },
            ProductScreen.clickControlButton("Voucher"),
            {
                content: "the voucher is refused while offline",
                trigger: ".modal-body:contains(offline)",
            },
            Dialog.confirm(),
            OfflineUtil.setOnlineMode(),
            {
                content: "the server is back",
                trigger: "body",
                run: () => {
                    posmodel.data.network.offline = false;
                },
            },
        ].flat(),
});
