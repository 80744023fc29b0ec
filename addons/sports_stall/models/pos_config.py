from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PosConfig(models.Model):
    _inherit = "pos.config"

    sports_stall_id = fields.Many2one(
        comodel_name="sports.stall",
        string="Stall",
        check_company=True,
        index="btree_not_null",
        help="A stall's own till: every line sold here is the stall's.",
    )
    sports_stall_shared = fields.Boolean(
        string="Shared by Stalls",
        help="A food court's shared till: each product sold here must belong to a stall, "
        "and each line is attributed to its product's stall.",
    )

    _stall_own_or_shared = models.Constraint(
        "CHECK(sports_stall_id IS NULL OR sports_stall_shared IS NOT TRUE)",
        "A till is either a stall's own till or shared by stalls, not both.",
    )

    def _check_sports_stall_vals(self, vals_list):
        """The CHECK's message before the database refuses it (an INSERT hits the CHECK
        before any ``@api.constrains`` runs)."""
        for vals, config in vals_list:
            stall = vals.get("sports_stall_id", config.sports_stall_id.id if config else False)
            shared = vals.get(
                "sports_stall_shared", config.sports_stall_shared if config else False
            )
            if stall and shared:
                raise ValidationError(
                    self.env._(
                        "%(till)s cannot be both a stall's own till and shared by stalls: "
                        "clear its stall, or untick Shared by Stalls.",
                        till=vals.get("name") or (config.name if config else ""),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_sports_stall_vals([(vals, None) for vals in vals_list])
        for vals in vals_list:
            if vals.get("sports_stall_id") and not vals.get("sports_venue_id"):
                stall = self.env["sports.stall"].browse(vals["sports_stall_id"])
                vals["sports_venue_id"] = stall.venue_id.id
        return super().create(vals_list)

    def write(self, vals):
        if {"sports_stall_id", "sports_stall_shared"} & set(vals):
            self._check_sports_stall_vals([(vals, config) for config in self])
        if vals.get("sports_stall_id") and "sports_venue_id" not in vals:
            # A stall's own till sells at the stall's venue (member cards check it).
            stall = self.env["sports.stall"].browse(vals["sports_stall_id"])
            vals = {**vals, "sports_venue_id": stall.venue_id.id}
        return super().write(vals)

    @api.constrains("sports_stall_id", "sports_venue_id")
    def _check_sports_stall_venue(self):
        for config in self.filtered("sports_stall_id"):
            if config.sports_venue_id != config.sports_stall_id.venue_id:
                raise ValidationError(
                    self.env._(
                        "%(till)s is the till of the stall %(stall)s: its venue is the "
                        "stall's, %(venue)s.",
                        till=config.name,
                        stall=config.sports_stall_id.display_name,
                        venue=config.sports_stall_id.venue_id.display_name,
                    )
                )
