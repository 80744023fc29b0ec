from . import (
    sports_booking_heatmap,
    sports_dashboard_product_sale,
    sports_dashboard_venue_live,
)
