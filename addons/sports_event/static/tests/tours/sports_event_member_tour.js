import { registry } from "@web/core/registry";

// Issue 19: a member registers for an upcoming event on the website and sees the QR of
// the gate pass, on the confirmation page and under My Events.
registry.category("web_tour.tours").add("sports_event_member_registers", {
    steps: () => [
        {
            content: "Open the registration",
            trigger: '.o_wevent_event button:contains("Register"), button:contains("Register")',
            run: "click",
        },
        {
            content: "One ticket",
            trigger: "div.o_wevent_ticket_selector input.form-control",
            run: "edit 1",
        },
        {
            content: "Go on to the attendee's details",
            trigger: 'div.modal-footer button:contains("Register"):enabled',
            run: "click",
        },
        {
            content: "Wait for the attendee form",
            trigger: ".modal.modal_shown.show form[id=attendee_registration]",
        },
        {
            trigger: '.modal-body input[name*="name"]',
            run: "edit Tour Member",
        },
        {
            trigger: '.modal-body input[name*="email"]',
            run: "edit tour.member@example.com",
        },
        {
            content: "Confirm the registration",
            trigger:
                ".modal#modal_attendees_registration:not(.o_inactive_modal) button[type=submit].btn-primary",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The confirmation page shows the gate pass QR",
            trigger: ".o_wereg_confirmed .o_se_confirm_passes img.o_se_pass_qr",
        },
        {
            content: "Go to My Events",
            trigger: "a.o_se_my_events",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "My Events shows the event with its QR",
            trigger: '.o_se_registration:contains("Tour Cup") img.o_se_pass_qr',
        },
    ],
});
