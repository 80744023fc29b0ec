import { Component, useRef, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { useService } from "@web/core/utils/hooks";

/**
 * The desk's scan field: a barcode scanner types a booking's QR or a member card and
 * presses Enter; the server (``sports.booking.desk_scan``) checks the booking in and
 * tells what it did, shown as a notification.
 *
 * ``getVenueId`` gives the venue of the desk at the moment of the scan (false: any venue
 * of the user's companies); ``onScanned`` receives the server's answer.
 */
export class DeskScan extends Component {
    static template = "sports_access_booking.DeskScan";
    static props = {
        getVenueId: { type: Function },
        onScanned: { type: Function, optional: true },
    };

    setup() {
        this.orm = useService("orm");
        this.notification = useService("notification");
        this.inputRef = useRef("input");
        this.state = useState({ busy: false });
    }

    get placeholder() {
        return _t("Scan a booking QR or member card");
    }

    async onKeydown(ev) {
        if (ev.key !== "Enter") {
            return;
        }
        ev.preventDefault();
        ev.stopPropagation();
        const input = ev.target;
        const code = input.value.trim();
        // A scanner sends the whole code at once: clear the field for the next scan.
        input.value = "";
        if (!code || this.state.busy) {
            return;
        }
        this.state.busy = true;
        try {
            const result = await this.orm.call("sports.booking", "desk_scan", [
                code,
                this.props.getVenueId() || false,
            ]);
            this.notification.add(result.message, {
                type: result.type,
                title: _t("Desk check-in"),
            });
            await this.props.onScanned?.(result);
        } catch (error) {
            // A message from the server (a bad code, no right) is shown like the others.
            const message = error?.data?.message;
            if (!message) {
                throw error;
            }
            this.notification.add(message, { type: "danger", title: _t("Desk check-in") });
        } finally {
            this.state.busy = false;
            this.inputRef.el?.focus();
        }
    }
}
