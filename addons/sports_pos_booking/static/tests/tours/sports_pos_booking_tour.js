import * as Chrome from "@point_of_sale/../tests/pos/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/generic_helpers/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/pos/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/pos/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/pos/tours/utils/receipt_screen_util";
import { rpc } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";

const COURT = "Tour Court 1";

/** Open the dialog on tomorrow's grid and pick ``hours`` (local "HH:00") of Tour Court 1. */
function bookTomorrow(hours) {
    return [
        {
            content: "open the Book court dialog",
            trigger: ".product-screen .sports-book-court-button",
            run: "click",
        },
        {
            content: "the day's availability is shown",
            trigger: `.sports-book-grid td.sports-book-cell[data-space='${COURT}']`,
        },
        { content: "go to tomorrow", trigger: ".sports-book-next", run: "click" },
        { content: "tomorrow's grid is loaded", trigger: ".sports-book-today" },
        ...hours.flatMap((hour) => [
            {
                content: `pick ${hour}`,
                trigger: `td.sports-book-free[data-space='${COURT}'][data-start='${hour}']`,
                run: "click",
            },
            {
                content: `${hour} is selected`,
                trigger: `td.sports-book-selected[data-space='${COURT}'][data-start='${hour}']`,
            },
        ]),
        {
            content: "contiguous slots make one booking",
            trigger: `.sports-book-selection:not(:has(li + li)) li:contains('${COURT}')`,
        },
        { content: "add the booking", trigger: ".sports-book-confirm", run: "click" },
        {
            content: "the line carries the court and the time",
            trigger: `.order-container .orderline .sports-booking-info:contains('${COURT}')`,
        },
        {
            content: "in the venue's time",
            trigger: `.orderline .sports-booking-info:contains('${hours[0]}-')`,
        },
    ];
}

function chooseCustomer() {
    return [ProductScreen.clickPartnerButton(), ProductScreen.clickCustomer("Partner Test 1")].flat();
}

registry.category("web_tour.tours").add("sports_pos_booking_court", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            chooseCustomer(),
            bookTomorrow(["10:00", "11:00"]),
            ProductScreen.totalAmountIs("160.00"),
            // No discount or price change on a booking line.
            ProductScreen.clickNumpad("5"),
            Dialog.is({ title: "Court bookings keep their price" }),
            Dialog.confirm(),
            ProductScreen.totalAmountIs("160.00"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Bank", true, { remaining: "0.00" }),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
        ].flat(),
});

registry.category("web_tour.tours").add("sports_pos_booking_slot_taken", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            chooseCustomer(),
            bookTomorrow(["14:00"]),
            {
                content: "meanwhile the slot is booked online",
                trigger: ".product-screen",
                run: async () => {
                    const line = posmodel.getOrder().getSelectedOrderline();
                    const asText = (value) =>
                        typeof value === "string" ? value : value.toFormat("yyyy-MM-dd HH:mm:ss");
                    await rpc("/web/dataset/call_kw/sports.booking/book", {
                        model: "sports.booking",
                        method: "book",
                        args: [
                            line.sports_space_id.id,
                            asText(line.sports_start_at),
                            asText(line.sports_end_at),
                        ],
                        kwargs: {},
                    });
                },
            },
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Bank", true, { remaining: "0.00" }),
            PaymentScreen.clickValidate(),
            {
                content: "the cashier sees why",
                trigger: ".modal:contains('cannot be booked')",
            },
            Dialog.confirm(),
            {
                content: "the order stays open for the cashier to change",
                trigger: ".payment-screen",
            },
            PaymentScreen.clickBackToProductScreen(),
            // Remove the taken slot and book the next hour instead.
            ProductScreen.clickOrderline("Court Booking", "1"),
            ProductScreen.clickNumpad("⌫"),
            ProductScreen.orderIsEmpty(),
            bookTomorrow(["15:00"]),
            ProductScreen.totalAmountIs("80.00"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Bank", true, { remaining: "0.00" }),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
        ].flat(),
});
