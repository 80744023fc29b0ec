/* global posmodel */
import * as Chrome from "@point_of_sale/../tests/pos/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/generic_helpers/dialog_util";
import * as OfflineUtil from "@point_of_sale/../tests/generic_helpers/offline_util";
import * as PaymentScreen from "@point_of_sale/../tests/pos/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/pos/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/pos/tours/utils/receipt_screen_util";
import { ConnectionLostError } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sports_pos_offline_refusal", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            OfflineUtil.setOfflineMode(),
            {
                content: "the POS has lost the server",
                trigger: "body",
                run: () => {
                    posmodel.data.network.offline = true;
                },
            },
            ProductScreen.clickDisplayedProduct("Tour Swim Ticket"),
            Dialog.is({ title: "The server is not reachable" }),
            Dialog.confirm(),
            {
                content: "no ticket line was added",
                trigger: ".product-screen:not(:has(.orderline))",
            },
            // Goods keep selling.
            ProductScreen.clickDisplayedProduct("Tour Water"),
            ProductScreen.totalAmountIs("3.00"),
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

registry.category("web_tour.tours").add("sports_pos_lost_validation", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickDisplayedProduct("Tour Swim Ticket"),
            ProductScreen.totalAmountIs("30.00"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Bank", true, { remaining: "0.00" }),
            {
                content: "the answer of the server is lost after it accepted the order",
                trigger: "body",
                run: () => {
                    const data = posmodel.data;
                    const call = data.call;
                    data.call = async function (model, method, ...rest) {
                        const result = await call.call(this, model, method, ...rest);
                        if (method === "sync_from_ui") {
                            data.call = call;
                            throw new ConnectionLostError();
                        }
                        return result;
                    };
                },
            },
            PaymentScreen.clickValidate(),
            Dialog.is({ title: "Connection lost during the payment" }),
            Dialog.confirm(),
            PaymentScreen.isShown(),
            // Validating again asks the server first: the order is paid, it is not paid again.
            PaymentScreen.clickValidate(),
            Dialog.is({ title: "The order was paid" }),
            Dialog.confirm(),
            ReceiptScreen.isShown(),
        ].flat(),
});
