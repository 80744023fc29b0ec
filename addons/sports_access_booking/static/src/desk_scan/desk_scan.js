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
        if (!code) {
            return;
        }
        if (this.state.busy) {
            // Never drop a scan silently: the desk scans it again.
            this.notification.add(_t("Still checking the last scan: scan this one again."), {
                type: "warning",
                title: _t("Desk check-in"),
            });
            return;
        }
        this.state.busy = true;
        let result;
        try {
            result = await this.orm.call("sports.booking", "desk_scan", [
                code,
                this.props.getVenueId() || false,
            ]);
        } catch (error) {
            // A message from the server (a bad code, no right) is shown like the others.
            const message = error?.data?.message;
            if (!message) {
                throw error;
            }
            this.notification.add(message, { type: "danger", title: _t("Desk check-in") });
            return;
        } finally {
            // Ready for the next scan as soon as the server has answered.
            this.state.busy = false;
            this.inputRef.el?.focus();
        }
        this.notification.add(result.message, {
            type: result.type,
            title: _t("Desk check-in"),
        });
        // Not awaited: the view's reload never settles when a newer search replaces it
        // (the model keeps the last load only), and the field must not wait for it.
        this.props.onScanned?.(result);
    }
}
