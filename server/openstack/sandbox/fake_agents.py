#!/usr/bin/python3
"""Fake Open vSwitch agent heartbeats for the sandbox's Neutron (no real agents run).

ML2's openvswitch mechanism driver binds a port on a host only when an alive OVS agent there maps
the network's physical network; this process reports one such agent per simulated host on the
message bus (exchange `neutron`, topic q-reports-plugin), every 30 s.
"""
import json
import sys
import time

from neutron.common import config as common_config

from neutron.conf.agent import common as agent_conf  # noqa: E402
from oslo_config import cfg  # noqa: E402

common_config.register_common_config_options()
agent_conf.register_agent_state_opts_helper(cfg.CONF)
common_config.init(["--config-file", sys.argv[1]])

from neutron.agent import rpc as agent_rpc  # noqa: E402
from neutron_lib import context  # noqa: E402

hosts_file = sys.argv[2]
api = agent_rpc.PluginReportStateAPI("q-reports-plugin")
ctx = context.get_admin_context_without_session()
first = True
while True:
    with open(hosts_file) as f:
        hosts = [h["name"] for h in json.load(f)]
    for host in hosts:
        state = {
            "binary": "neutron-openvswitch-agent", "host": host, "topic": "N/A", "agent_type": "Open vSwitch agent",
            "start_flag": first,
            "configurations": {"bridge_mappings": {"physnet1": "br-physnet1", "physnet2": "br-physnet2"},
                               "tunnel_types": [], "devices": 0, "datapath_type": "system", "ovs_hybrid_plug": False,
                               "ovs_capabilities": {}, "integration_bridge": "br-int", "l2_population": False,
                               "enable_distributed_routing": False},
        }
        try:
            api.report_state(ctx, state, use_call=True)
        except Exception as e:  # neutron-server may not be up yet
            print(f"report for {host} failed: {e}", flush=True)
    first = False
    time.sleep(30)
