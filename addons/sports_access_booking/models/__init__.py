from . import (
    ir_mail_server,
    sports_access_entitlement,
    sports_access_event,
    sports_access_point,
    sports_access_sync,
    sports_booking,
    sports_booking_demo,
    sports_booking_desk_scan,
)
