from . import bench, checkout, portal_claim
