import { registry } from "@web/core/registry";

/**
 * A coach on a phone (390 px wide) opens today's session from the coach page and marks
 * one attendee present and another absent with the big toggles.
 *
 * The Python test (test_attend_tour.py) creates the coach user, the session starting in
 * a quarter of an hour and the two attendees "Tour Child A" and "Tour Member B".
 */
registry.category("web_tour.tours").add("sports_training_coach_attendance", {
    steps: () => [
        {
            content: "Today's session is listed with nobody present yet",
            trigger: ".o_coach_sessions .o_coach_session:contains('Tour Course') .o_coach_counts:contains('0/2')",
        },
        {
            content: "Open it",
            trigger: ".o_coach_session:contains('Tour Course')",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Mark the child present",
            trigger: ".o_coach_seat:contains('Tour Child A') button.o_coach_present",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_coach_seat_present:contains('Tour Child A')",
        },
        {
            content: "Mark the member absent",
            trigger: ".o_coach_seat:contains('Tour Member B') button.o_coach_absent",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Both are marked; one of two present",
            trigger: ".o_coach_seat_absent:contains('Tour Member B')",
        },
        {
            trigger: ".o_coach_present_count:contains('1')",
        },
    ],
});
