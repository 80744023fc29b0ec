import * as Chrome from "@point_of_sale/../tests/pos/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/generic_helpers/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/pos/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/pos/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/pos/tours/utils/receipt_screen_util";
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sports_stall_shared_till", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            // A product of no stall is refused at the food court's shared till.
            ProductScreen.clickDisplayedProduct("Tour Towel"),
            Dialog.is({ title: "Not a stall's product" }),
            Dialog.confirm(),
            ProductScreen.clickDisplayedProduct("Tour Noodles"),
            ProductScreen.clickDisplayedProduct("Tour Milk Tea"),
            ProductScreen.totalAmountIs("43.50"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Cash"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
        ].flat(),
});
