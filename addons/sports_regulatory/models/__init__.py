from . import (
    res_users,
    resource_calendar_leaves,
    sports_area,
    sports_area_stat,
    sports_compliance,
    sports_flow_hourly,
    sports_region,
    sports_ticket_type,
    sports_uplink_connection,
    sports_uplink_message,
    sports_venue_stat,
    sports_waste_alert,
)
