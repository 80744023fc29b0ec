import { Component, useState } from "@odoo/owl";
import { Dialog } from "@web/core/dialog/dialog";
import { _t } from "@web/core/l10n/translation";
import { normalizeCnMobile } from "./card_phone";

/** Asks the holder of a member card being sold: name and mobile phone (+86). */
export class CardHolderDialog extends Component {
    static template = "sports_pos_membership.CardHolderDialog";
    static components = { Dialog };
    static props = {
        title: String,
        name: { type: String, optional: true },
        phone: { type: String, optional: true },
        getPayload: Function,
        close: Function,
    };

    setup() {
        this.state = useState({
            name: this.props.name || "",
            phone: this.props.phone || "",
            error: "",
        });
    }

    confirm() {
        const name = this.state.name.trim();
        const phone = normalizeCnMobile(this.state.phone);
        if (!name) {
            this.state.error = _t("Enter the name of the card holder.");
            return;
        }
        if (!phone) {
            this.state.error = _t(
                "A member card needs its holder's mobile phone number in mainland China (+86), like 138 0013 8000."
            );
            return;
        }
        this.props.getPayload({ name, phone });
        this.props.close();
    }
}
