from . import bench, portal_claim
