from . import (
    res_company,
    res_groups,
    res_users,
    sports_area,
    sports_device,
    sports_region,
    sports_space,
    sports_sport,
    sports_venue,
)
