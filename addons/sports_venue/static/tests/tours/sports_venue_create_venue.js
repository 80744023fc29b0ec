import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sports_venue_create_venue", {
    steps: () => [
        {
            content: "Create a venue",
            trigger: ".o-kanban-button-new",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=name] input",
            run: "edit Tour Sports Hall",
        },
        {
            trigger: ".o_field_widget[name=code] input",
            run: "edit tour",
        },
        {
            content: "Open its spaces (saves the venue)",
            trigger: "button[name=action_view_spaces]",
            run: "click",
        },
        {
            content: "The new venue has no spaces yet",
            trigger: ".o_view_nocontent",
        },
        {
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=name] input",
            run: "edit Tour Half Court",
        },
        {
            trigger: ".o_field_widget[name=venue_id] input:value(Tour Sports Hall)",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved",
        },
        {
            trigger: ".o_form_button_create",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=name] input",
            run: "edit Tour Full Court",
        },
        {
            content: "The full court is made of the half court",
            trigger: ".o_field_widget[name=component_ids] input",
            run: "edit Tour Half",
        },
        {
            trigger: ".o-autocomplete--dropdown-menu a:contains(Tour Half Court)",
            run: "click",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
        {
            content: "The full court now occupies the half court",
            trigger: ".o_field_widget[name=unit_ids] .o_tag:contains(Tour Half Court)",
        },
    ],
});
