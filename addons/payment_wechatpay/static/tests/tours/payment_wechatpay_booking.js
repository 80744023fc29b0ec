import { registry } from "@web/core/registry";

/**
 * A member pays a held court booking with WeChat Pay Native: the order page, "Pay now",
 * WeChat Pay, the QR code page; the Python test plays the customer who scans and pays (the
 * local WeChat Pay server notifies Odoo), and the page moves on by itself to the payment
 * status and back to the order, where the booking is confirmed.
 */
registry.category("web_tour.tours").add("payment_wechatpay_booking", {
    steps: () => [
        {
            content: "The order lists the held booking",
            trigger: "#sports_bookings .o_sb_state_held",
        },
        {
            content: "Pay now",
            trigger: "#o_sale_portal_paynow",
            run: "click",
        },
        {
            content: "Choose WeChat Pay",
            trigger: "#modalaccept .o_payment_option_label:contains('WeChat Pay')",
            run: "click",
        },
        {
            trigger: "#modalaccept input[name='o_payment_radio'][data-provider-code='wechatpay']:checked",
        },
        {
            content: "Pay: the QR code page opens",
            trigger: "#modalaccept button[name='o_payment_submit_button']:enabled",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The QR code is shown until the customer has scanned and paid",
            trigger: ".o_wechatpay_qr img.o_wechatpay_qr_image[src*='barcode_type=QR']",
            expectUnloadPage: true,
        },
        {
            content: "The payment status page sends the member back to the order",
            trigger: "div[name='o_payment_status']",
            expectUnloadPage: true,
        },
        {
            content: "Paid: the booking of the order is confirmed",
            trigger: "#sports_bookings .o_sb_state_confirmed",
        },
    ],
});
