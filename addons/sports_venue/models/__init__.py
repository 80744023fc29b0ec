# The mixin first: the models that inherit it are registered in import order.
from . import resource_calendar_mixin  # isort: skip
from . import (
    ir_http,
    res_company,
    res_groups,
    res_users,
    resource_calendar,
    resource_calendar_attendance,
    resource_calendar_leaves,
    sports_area,
    sports_device,
    sports_region,
    sports_space,
    sports_sport,
    sports_venue,
)
