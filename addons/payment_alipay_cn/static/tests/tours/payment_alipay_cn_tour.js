import { registry } from "@web/core/registry";

/**
 * A visitor pays a payment link with Alipay page pay. The Python test points the provider
 * at the local fake gateway, whose cashier pays at once (as a buyer scanning its QR code
 * would), notifies Odoo and sends the browser back to Odoo's return page.
 */
registry.category("web_tour.tours").add("payment_alipay_cn_page_pay", {
    steps: () => [
        {
            content: "Choose Alipay",
            trigger: "input[name='o_payment_radio'][data-provider-code='alipay_cn']",
            run: "click",
        },
        {
            content: "Pay: the browser goes to Alipay's cashier",
            trigger: "button[name='o_payment_submit_button']:enabled",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Back from Alipay, the payment is confirmed",
            trigger: "div[name='o_payment_status_alert'].alert-success",
        },
    ],
});
