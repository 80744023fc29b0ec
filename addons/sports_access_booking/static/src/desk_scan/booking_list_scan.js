import { registry } from "@web/core/registry";
import { listView } from "@web/views/list/list_view";
import { ListController } from "@web/views/list/list_controller";

import { DeskScan } from "./desk_scan";

/** The id of the one venue the search filters on, or false. */
export function venueOfDomain(domain) {
    const ids = new Set();
    for (const leaf of domain || []) {
        if (!Array.isArray(leaf) || leaf[0] !== "venue_id") {
            continue;
        }
        const [, operator, value] = leaf;
        if (operator === "=" && Number.isInteger(value)) {
            ids.add(value);
        } else if (operator === "in" && Array.isArray(value) && value.length === 1) {
            ids.add(value[0]);
        } else {
            return false;
        }
    }
    return ids.size === 1 ? [...ids][0] : false;
}

/** The booking list with the desk's scan field next to its buttons. */
export class BookingScanListController extends ListController {
    static components = { ...ListController.components, DeskScan };

    deskScanVenueId() {
        return venueOfDomain(this.env.searchModel?.domain);
    }

    async onDeskScanned(result) {
        if (result.booking_id) {
            await this.model.load();
        }
    }
}

export const bookingScanListView = {
    ...listView,
    Controller: BookingScanListController,
    buttonTemplate: "sports_access_booking.BookingScanList.Buttons",
};

registry.category("views").add("sports_booking_scan_list", bookingScanListView);
