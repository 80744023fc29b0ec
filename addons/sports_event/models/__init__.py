from . import (
    event_event,
    event_registration,
    sports_access_entitlement,
    sports_access_event,
    sports_booking,
    sports_event_demo,
    sports_event_team,
)
