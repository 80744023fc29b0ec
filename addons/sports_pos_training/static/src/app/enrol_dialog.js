import { Component, onWillStart, useState } from "@odoo/owl";
import { Dialog } from "@web/core/dialog/dialog";
import { usePos } from "@point_of_sale/app/hooks/pos_hook";

/** The desk's "Enrol" dialog: the open courses of the desk's venue with seats left, for
 * the customer or a child of theirs. The server says the price and why an attendee
 * cannot enrol (full: the waitlist; age; already enrolled); it enrols on payment. */
export class SportsEnrolDialog extends Component {
    static template = "sports_pos_training.EnrolDialog";
    static components = { Dialog };
    static props = { close: Function, partner: Object };

    setup() {
        this.pos = usePos();
        this.state = useState({
            loading: true,
            attendees: [],
            courses: [],
            attendeeId: null,
            message: "",
        });
        onWillStart(async () => {
            const options = await this.pos.data.call(
                "pos.config",
                "sports_training_enrol_options",
                [[this.pos.config.id], this.props.partner.id]
            );
            this.state.attendees = options.attendees;
            this.state.courses = options.courses;
            this.state.attendeeId = options.attendees[0]?.id || null;
            this.state.loading = false;
        });
    }

    refusal(course) {
        return course.refusals[this.state.attendeeId] || "";
    }

    formatAmount(amount) {
        return this.env.utils.formatCurrency(amount);
    }

    selectAttendee(ev) {
        this.state.attendeeId = parseInt(ev.target.value);
        this.state.message = "";
    }

    async onEnrol(course) {
        const refusal = this.refusal(course);
        if (refusal) {
            this.state.message = refusal;
            return;
        }
        let template = this.pos.models["product.template"].get(course.product_tmpl_id);
        if (!template) {
            await this.pos.loadNewProducts([["id", "=", course.product_tmpl_id]]);
            template = this.pos.models["product.template"].get(course.product_tmpl_id);
        }
        if (!template) {
            this.state.message = course.name;
            return;
        }
        await this.pos.addLineToCurrentOrder(
            {
                product_tmpl_id: template,
                price_unit: course.price,
                sports_training_course_ref: course.id,
                sports_training_attendee_ref: this.state.attendeeId,
            },
            {},
            false
        );
        this.props.close();
    }
}
