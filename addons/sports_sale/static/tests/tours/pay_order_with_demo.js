/**
 * The steps that pay a prepaid order on its portal page with the demo provider, as a
 * member would: "Pay now", the demo card number, submit, and the payment status page that
 * sends the member back to the order. Every Arena tour that sells online uses them.
 *
 * @param {string} content what the first step says, e.g. "Accept and pay"
 */
export function payOrderWithDemoSteps(content = "Accept and pay") {
    return [
        {
            content,
            trigger: "#o_sale_portal_paynow",
            run: "click",
        },
        {
            content: "Fill the demo payment details",
            trigger: "#modalaccept input[name='customer_input']",
            run: "edit 4242424242424242",
        },
        {
            trigger: "#modalaccept button[name='o_payment_submit_button']:enabled",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The payment status page sends the member back to the order",
            trigger: "div[name='o_payment_status']",
            expectUnloadPage: true,
        },
    ];
}
