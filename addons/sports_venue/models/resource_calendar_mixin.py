from odoo import api, models


class SportsOpeningCacheMixin(models.AbstractModel):
    """Clears the venues' cached opening hours (``sports.venue._day_open_intervals``) when
    what they are computed from changes: a venue's calendar, its working hours, or time off
    that names no resource (closures and public holidays).

    Clearing empties Odoo's whole default cache in every worker, so changes that cannot
    touch a venue's hours (an employee's time off, the hours of an office calendar) leave
    it alone. Each model says which of its records matter in ``_sports_opening_relevant``.
    """

    _name = "sports.opening.cache.mixin"
    _description = "Clears Cached Opening Hours"

    def _sports_opening_relevant(self):
        """Whether any of these records can change a venue's opening hours."""
        return bool(self)

    def _sports_opening_clear(self):
        if self._sports_opening_relevant():
            self.env.registry.clear_cache()

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._sports_opening_clear()
        return records

    def write(self, vals):
        relevant_before = self._sports_opening_relevant()
        result = super().write(vals)
        if relevant_before:
            self.env.registry.clear_cache()
        else:
            self._sports_opening_clear()
        return result

    def unlink(self):
        relevant = self._sports_opening_relevant()
        result = super().unlink()
        if relevant:
            self.env.registry.clear_cache()
        return result

    def _sports_venue_calendars(self, calendars):
        """The ones of ``calendars`` that give some venue its hours."""
        if not calendars:
            return calendars
        # sudo: which calendars venues use is not a secret; the user changing a calendar
        # may not read every company's venues.
        venues = (
            self.env["sports.venue"]
            .sudo()
            .with_context(active_test=False)
            .search([("resource_calendar_id", "in", calendars.ids)])
        )
        return venues.resource_calendar_id
