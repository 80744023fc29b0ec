import { patch } from "@web/core/utils/patch";
import { Navbar } from "@point_of_sale/app/components/navbar/navbar";

patch(Navbar.prototype, {
    get mainButton() {
        if (this.pos.router.state.current === "RunningScreen") {
            return "running";
        }
        return super.mainButton;
    },
    /** The Running button only where the desk belongs to a venue. */
    get showSportsRunning() {
        return Boolean(this.pos.config.sports_venue_id);
    },
});
