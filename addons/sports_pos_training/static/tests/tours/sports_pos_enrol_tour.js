import * as Chrome from "@point_of_sale/../tests/pos/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/generic_helpers/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/pos/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/pos/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/pos/tours/utils/receipt_screen_util";
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sports_pos_enrol", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickPartnerButton(),
            ProductScreen.clickCustomer("Tour Parent"),
            ProductScreen.clickControlButton("Enrol"),
            {
                content: "the customer himself is too old for the kids' class",
                trigger: ".modal .sports-enrol-course:contains('Tour Kids Swimming')",
                run: "click",
            },
            {
                content: "the desk says why, in words",
                trigger: ".modal .sports-enrol-message:contains('ages 6 to 12')",
            },
            {
                content: "choose the child",
                trigger: ".modal #sports-enrol-attendee",
                run: "selectByLabel Tour Child (8)",
            },
            {
                content: "enrol the child",
                trigger: ".modal .sports-enrol-course:contains('Tour Kids Swimming')",
                run: "click",
            },
            ProductScreen.orderLineHas("Tour Kids Swimming", "1", "600.00"),
            ProductScreen.totalAmountIs("600.00"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Cash"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
        ].flat(),
});
