import * as Chrome from "@point_of_sale/../tests/pos/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/generic_helpers/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/pos/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/pos/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/pos/tours/utils/receipt_screen_util";
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sports_pos_goods_sale", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickDisplayedProduct("Tour Water"),
            ProductScreen.clickDisplayedProduct("Tour Water"),
            ProductScreen.clickDisplayedProduct("Tour Shuttlecocks"),
            ProductScreen.totalAmountIs("66.00"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Cash"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
        ].flat(),
});

registry.category("web_tour.tours").add("sports_pos_rental_return", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            // Renting the racket adds its deposit.
            ProductScreen.clickDisplayedProduct("Tour Racket Rental"),
            ProductScreen.orderLineHas("Tour Racket Deposit", "1", "100.00"),
            ProductScreen.orderLineHas("Tour Racket Rental", "1", "10.00"),
            ProductScreen.totalAmountIs("110.00"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Cash"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            ReceiptScreen.clickNextOrder(),
            // Closing the register with the racket out shows it and asks first.
            Chrome.clickMenuOption("Close Register"),
            {
                content: "the closing lists the racket that is not back",
                trigger: ".modal .sports-unreturned:contains('Tour Racket Rental')",
            },
            {
                content: "close the register",
                trigger: ".modal:not(.o_inactive_modal) .modal-footer button:contains(Close Register)",
                run: "click",
            },
            Dialog.is({ title: "Items not returned" }),
            {
                content: "go back instead",
                trigger: ".modal:not(.o_inactive_modal) .modal-footer button:contains(Go back)",
                run: "click",
            },
            {
                content: "discard the closing",
                trigger: ".modal:not(.o_inactive_modal) .modal-footer button:contains(Discard)",
                run: "click",
            },
            // The racket comes back: "Open rentals" lists it, "Return" refunds its deposit.
            ProductScreen.clickControlButton("Open rentals"),
            {
                content: "the racket is out",
                trigger: ".sports-rentals .sports-rental-item:contains('Tour Racket Rental')",
            },
            {
                content: "return it",
                trigger: ".sports-rentals .sports-rental-return",
                run: "click",
            },
            ProductScreen.orderLineHas("Tour Racket Deposit", "-1"),
            ProductScreen.totalAmountIs("-100.00"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Cash"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            ReceiptScreen.clickNextOrder(),
            ProductScreen.clickControlButton("Open rentals"),
            {
                content: "nothing is out any more",
                trigger: ".modal .sports-no-rentals",
            },
        ].flat(),
});
