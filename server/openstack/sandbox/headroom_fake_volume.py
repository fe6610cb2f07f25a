"""Cinder's fake volume driver (cinder.tests.fake_driver), reporting a finite size per backend.

The stock FakeLoggingVolumeDriver names every backend 'fake' with infinite capacity; the sandbox
needs two backends a volume type can choose between, with sizes Headroom can plan against.
"""
from oslo_config import cfg

from cinder.tests.fake_driver import FakeLoggingVolumeDriver

OPTS = [cfg.IntOpt("headroom_capacity_gb", default=1000, help="Capacity this fake backend reports.")]


class SizedFakeVolumeDriver(FakeLoggingVolumeDriver):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.configuration.append_config_values(OPTS)
        self.backend_name = self.configuration.safe_get("volume_backend_name") or "fake"

    def _update_volume_stats(self):
        super()._update_volume_stats()
        cap = self.configuration.safe_get("headroom_capacity_gb") or 1000
        for pool in self._stats["pools"]:
            pool.update({"total_capacity_gb": cap, "free_capacity_gb": cap, "reserved_percentage": 0,
                         "thin_provisioning_support": False, "thick_provisioning_support": True,
                         "max_over_subscription_ratio": 1.0})
