import { registry } from "@web/core/registry";
import { payOrderWithDemoSteps } from "@sports_sale/../tests/tours/pay_order_with_demo";

/**
 * A parent enrols a new child in a children's course on the portal, pays the order with
 * the demo provider and finds the enrolment confirmed under My Training.
 *
 * The Python test creates the parent (a portal user), the course (ages 6 to 10, paid per
 * term) and starts the tour, logged in, on the course page.
 */
registry.category("web_tour.tours").add("sports_training_parent_enrols_child", {
    steps: () => [
        {
            content: "Enrol a child not listed yet",
            trigger: ".o_st_enrol_form input#o_st_who_new",
            run: "click",
        },
        {
            trigger: ".o_st_enrol_form input[name='name']",
            run: "edit Xiao Hong",
        },
        {
            trigger: ".o_st_enrol_form input[name='birthdate']",
            run: "edit 2018-06-01",
        },
        {
            content: "Enrol and pay: the order page opens",
            trigger: ".o_st_enrol_form button.o_st_enrol_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The order sells the course for the child",
            trigger: "#o_sale_portal_paynow",
        },
        ...payOrderWithDemoSteps(),
        {
            content: "Back on the paid order: go to My Training",
            trigger: ".o_portal_sale_sidebar, #portal_sale_content",
            run() {
                window.location.assign("/my/training");
            },
            expectUnloadPage: true,
        },
        {
            content: "The child's enrolment is confirmed",
            trigger: ".o_st_enrolment_row:contains('Xiao Hong') .o_st_state_confirmed",
        },
        {
            trigger: ".o_st_enrolment_row:contains('Xiao Hong') a",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The enrolment lists the child's sessions, expected",
            trigger: ".o_st_enrolment_page .o_st_seat_row",
        },
    ],
});
