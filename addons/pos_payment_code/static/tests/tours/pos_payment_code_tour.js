import * as Chrome from "@point_of_sale/../tests/pos/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/generic_helpers/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/pos/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/pos/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/pos/tours/utils/receipt_screen_util";
import * as TicketScreen from "@point_of_sale/../tests/pos/tours/utils/ticket_screen_util";
import { registry } from "@web/core/registry";

function payByCode() {
    return [
            ProductScreen.clickDisplayedProduct("Tour Shuttle"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("WeChat Pay code"),
            {
                content: "scan the customer's payment code",
                trigger: ".modal .o_payment_code_dialog input.o_payment_code_input",
                run: "edit 134567890123456789",
            },
            {
                content: "charge it",
                trigger: ".modal .o_payment_code_dialog .o_payment_code_send",
                run: "click",
            },
            {
                content: "the POS waits for the customer to confirm on the phone",
                trigger: ".modal .o_payment_code_dialog .o_payment_code_waiting",
            },
            {
                content: "the customer confirmed: the order is validated and its receipt shown",
                trigger: ".pos .receipt-screen",
                // The poll, then the order's sync (pickings, accounting) on a busy machine.
                timeout: 30000,
            },
            ReceiptScreen.isShown(),
    ].flat();
}

registry.category("web_tour.tours").add("pos_payment_code_tour", {
    steps: () => [Chrome.startPoS(), Dialog.confirm("Open Register"), payByCode()].flat(),
});

registry.category("web_tour.tours").add("pos_payment_code_refund_tour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            payByCode(),
            ReceiptScreen.clickNextOrder(),
            ProductScreen.clickRefund(),
            TicketScreen.selectOrder("001"),
            TicketScreen.confirmRefund(),
            PaymentScreen.isShown(),
            PaymentScreen.clickPaymentMethod("WeChat Pay code"),
            PaymentScreen.clickRefundButton(),
            {
                content: "WeChat Pay refunded the payment: the refund order is validated",
                trigger: ".pos .receipt-screen",
                timeout: 30000,
            },
        ].flat(),
});
