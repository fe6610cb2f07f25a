#!/usr/bin/python3
"""One nova-compute of the sandbox on Nova's fake virt driver, sized per simulated host.

The fake driver reports class-level sizes (vcpus, memory_mb, local_gb); this launcher reads
[headroom_fake] from the host's own config file, sets them, then runs nova-compute as usual.
"""
import configparser
import sys

from nova.virt import fake

files = [sys.argv[i + 1] for i, a in enumerate(sys.argv) if a == "--config-file"]
cp = configparser.ConfigParser(interpolation=None, strict=False)
cp.read(files)
if cp.has_section("headroom_fake"):
    s = cp["headroom_fake"]
    fake.FakeDriver.vcpus = int(s.get("vcpus", fake.FakeDriver.vcpus))
    fake.FakeDriver.memory_mb = int(s.get("memory_mb", fake.FakeDriver.memory_mb))
    fake.FakeDriver.local_gb = int(s.get("local_gb", fake.FakeDriver.local_gb))

from nova.cmd.compute import main  # noqa: E402

sys.argv[0] = "nova-compute"
# nova's option parser does not know [headroom_fake]; it ignores unknown sections.
sys.exit(main())
