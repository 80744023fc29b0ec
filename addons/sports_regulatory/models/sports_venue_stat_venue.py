from odoo import models


class SportsVenue(models.Model):
    _inherit = "sports.venue"  # pylint: disable=consider-merging-classes-inherited

    def _sports_region_levels(self):
        """``(province, city, district)`` regions of the venue, found by walking up from
        its region; a level the venue's region does not reach is an empty recordset."""
        self.ensure_one()
        Region = self.env["sports.region"]
        levels = {"province": Region, "city": Region, "district": Region}
        region = self.region_id
        while region:
            if region.level in levels and not levels[region.level]:
                levels[region.level] = region
            region = region.parent_id
        return levels["province"], levels["city"], levels["district"]

    def _sports_flow_unassigned_counters(self):
        """The venue's people counters whose flow is not counted because they have no area.
        The venue form lists them; the hourly computation logs them."""
        self.ensure_one()
        return self.env["sports.device"].search(
            [("venue_id", "=", self.id), ("kind", "=", "counter"), ("area_id", "=", False)]
        )
