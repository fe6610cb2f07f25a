#!/usr/bin/python3
"""Headroom's OpenStack sandbox: a real control plane with fake hypervisors.

Debian bookworm's OpenStack Zed packages (Keystone, Placement, Glance, Nova with one nova-compute
per simulated host on the fake virt driver, Neutron ML2 with faked agent heartbeats, Cinder with a
fake volume driver and two backends) on the machine's MariaDB and RabbitMQ. No systemd: every
daemon is started here, in its own session, with a pid file under the state directory.

    sandbox.py up [--hosts N] | down | status [--json]

Run with Debian's /usr/bin/python3 (the services' libraries are installed for it). Idempotent:
`up` installs what is missing, writes the configuration, syncs the databases, starts what is not
running and creates what does not exist yet. The credentials it made go to
$STATE/credentials.json (mode 0600) and, when --credentials-out is given, there too.
"""
import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time

STATE = os.environ.get("HEADROOM_SANDBOX_DIR", "/var/tmp/headroom-openstack")
PY = "/usr/bin/python3"
HERE = os.path.dirname(os.path.abspath(__file__))
DB_HOST = os.environ.get("HEADROOM_SANDBOX_DB_HOST", "127.0.0.1")
DB_PORT = int(os.environ.get("HEADROOM_SANDBOX_DB_PORT", "3306"))
DB_ROOT_USER = os.environ.get("HEADROOM_SANDBOX_DB_ROOT_USER", "root")
DB_ROOT_PASSWORD = os.environ.get("HEADROOM_SANDBOX_DB_ROOT_PASSWORD", "")
RABBIT = os.environ.get("HEADROOM_SANDBOX_RABBIT_URL", "rabbit://guest:guest@127.0.0.1:5672/")
REGION = "RegionOne"

PORTS = {"keystone": 5000, "placement": 8778, "glance": 9292, "nova": 8774, "neutron": 9696, "cinder": 8776}
APT_PACKAGES = [
    "python3-keystone", "python3-nova", "python3-neutron", "python3-cinder", "python3-glance",
    "python3-placement", "python3-pymysql", "uwsgi-core", "uwsgi-plugin-python3",
]
# Debian ships the paste pipelines in these packages, whose maintainer scripts want systemd: they are
# downloaded and unpacked (dpkg-deb -x) under $STATE/pkg, never installed.
CONFIG_PACKAGES = ["nova-common", "neutron-common", "glance-common", "cinder-common"]
DATABASES = ["keystone", "placement", "glance", "nova_api", "nova", "nova_cell0", "neutron", "cinder"]
SERVICE_USERS = ["nova", "placement", "neutron", "cinder", "glance"]

# Simulated hosts: sizes cycle through these (vcpus, memory MiB, disk GiB); zones alternate, one host per rack.
HOST_SIZES = [(16, 65536, 400), (32, 131072, 800), (8, 32768, 200), (24, 98304, 600)]
VOLUME_BACKENDS = [("fast", 2000), ("bulk", 8000)]
NETWORKS = [
    ("net-a", "physnet1", [("net-a-v4", "10.20.0.0/24"), ("net-a-v4b", "10.20.1.0/24")]),
    ("net-b", "physnet2", [("net-b-v4", "10.30.0.0/24")]),
]
FLAVORS = [("m1.small", 1, 2048, 10), ("m1.medium", 2, 4096, 20), ("m1.large", 4, 8192, 40)]
IMAGE_NAME = "headroom-fake-image"


def log(msg):
    sys.stderr.write(f"sandbox: {msg}\n")
    sys.stderr.flush()


def host_plan(n):
    hosts = []
    for i in range(n):
        vcpus, mem, disk = HOST_SIZES[i % len(HOST_SIZES)]
        zone = "az1" if i % 2 == 0 else "az2"
        rack = f"{zone}-r{i // 2 + 1}"
        hosts.append({"name": f"hv-{i + 1:02d}", "zone": zone, "rack": rack, "vcpus": vcpus, "memory_mb": mem, "disk_gb": disk})
    return hosts


# ---------------------------------------------------------------- install

def missing_modules():
    probe = "import keystone, nova, neutron, cinder, glance, placement, pymysql"
    r = subprocess.run([PY, "-c", probe], capture_output=True)
    return r.returncode != 0 or not os.path.exists("/usr/lib/uwsgi/plugins/python3_plugin.so")


def install():
    if missing_modules():
        log("installing Debian's OpenStack packages (apt-get, a minute or two)")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        if not os.path.exists("/usr/sbin/policy-rc.d"):
            with open("/usr/sbin/policy-rc.d", "w") as f:
                f.write("#!/bin/sh\nexit 101\n")
            os.chmod("/usr/sbin/policy-rc.d", 0o755)
        r = subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", *APT_PACKAGES], env=env)
        if r.returncode != 0:
            subprocess.run(["apt-get", "update"], env=env, check=True)
            subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", *APT_PACKAGES], env=env, check=True)
    pkg = os.path.join(STATE, "pkg")
    if not os.path.exists(os.path.join(pkg, "usr/share/cinder-common/api-paste.ini")):
        log("unpacking the services' paste pipelines from Debian's *-common packages")
        debs = os.path.join(STATE, "debs")
        os.makedirs(debs, exist_ok=True)
        subprocess.run(["apt-get", "download", *CONFIG_PACKAGES], cwd=debs, check=True, capture_output=True)
        for f in os.listdir(debs):
            if f.endswith(".deb"):
                subprocess.run(["dpkg-deb", "-x", os.path.join(debs, f), pkg], check=True)


# ---------------------------------------------------------------- secrets and databases

def load_secrets():
    path = os.path.join(STATE, "secrets.json")
    if os.path.exists(path):
        with open(path) as f:
            return json.load(f)
    s = {k: secrets.token_urlsafe(18) for k in ["admin", "headroom", "service", "db"]}
    os.makedirs(STATE, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(s, f)
    return s


def databases(sec):
    import pymysql
    conn = pymysql.connect(host=DB_HOST, port=DB_PORT, user=DB_ROOT_USER, password=DB_ROOT_PASSWORD)
    with conn.cursor() as c:
        for db in DATABASES:
            c.execute(f"CREATE DATABASE IF NOT EXISTS hr_{db} CHARACTER SET utf8mb4")
        c.execute("CREATE USER IF NOT EXISTS 'headroom_os'@'127.0.0.1' IDENTIFIED BY %s", (sec["db"],))
        c.execute("CREATE USER IF NOT EXISTS 'headroom_os'@'localhost' IDENTIFIED BY %s", (sec["db"],))
        c.execute("ALTER USER 'headroom_os'@'127.0.0.1' IDENTIFIED BY %s", (sec["db"],))
        c.execute("ALTER USER 'headroom_os'@'localhost' IDENTIFIED BY %s", (sec["db"],))
        for db in DATABASES:
            c.execute(f"GRANT ALL PRIVILEGES ON hr_{db}.* TO 'headroom_os'@'127.0.0.1'")
            c.execute(f"GRANT ALL PRIVILEGES ON hr_{db}.* TO 'headroom_os'@'localhost'")
    conn.commit()
    conn.close()


def db_url(sec, db):
    return f"mysql+pymysql://headroom_os:{sec['db']}@{DB_HOST}:{DB_PORT}/hr_{db}?charset=utf8"


# ---------------------------------------------------------------- configuration

def authtoken(sec, user):
    return f"""[keystone_authtoken]
www_authenticate_uri = http://127.0.0.1:{PORTS['keystone']}
auth_url = http://127.0.0.1:{PORTS['keystone']}
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = {user}
password = {sec['service']}
"""


def ks_auth(sec, section, user="nova"):
    return f"""[{section}]
auth_type = password
auth_url = http://127.0.0.1:{PORTS['keystone']}/v3
project_domain_name = Default
user_domain_name = Default
project_name = service
username = {user}
password = {sec['service']}
region_name = {REGION}
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)


def configure(sec, hosts):
    etc = os.path.join(STATE, "etc")
    pkg = os.path.join(STATE, "pkg/usr/share")
    for d in ["log", "run", "keystone/fernet-keys", "keystone/credential-keys", "nova/instances", "nova/lock",
              "neutron/lock", "cinder/lock", "glance/images", "glance/staging", "glance/tasks", "glance/lock"]:
        os.makedirs(os.path.join(STATE, d), exist_ok=True)
    write(f"{etc}/keystone/keystone.conf", f"""[DEFAULT]
[database]
connection = {db_url(sec, 'keystone')}
[token]
provider = fernet
expiration = 3600
[fernet_tokens]
key_repository = {STATE}/keystone/fernet-keys
[fernet_receipts]
key_repository = {STATE}/keystone/fernet-keys
[credential]
key_repository = {STATE}/keystone/credential-keys
""")
    write(f"{etc}/placement/placement.conf", f"""[DEFAULT]
[placement_database]
connection = {db_url(sec, 'placement')}
[api]
auth_strategy = keystone
{authtoken(sec, 'placement')}
""")
    write(f"{etc}/glance/glance-api.conf", f"""[DEFAULT]
bind_host = 127.0.0.1
bind_port = {PORTS['glance']}
workers = 1
enabled_backends = fs:file
[database]
connection = {db_url(sec, 'glance')}
{authtoken(sec, 'glance')}
[paste_deploy]
flavor = keystone
config_file = {pkg}/glance-common/glance-api-paste.ini
[glance_store]
default_backend = fs
[fs]
filesystem_store_datadir = {STATE}/glance/images/
[os_glance_staging_store]
filesystem_store_datadir = {STATE}/glance/staging/
[os_glance_tasks_store]
filesystem_store_datadir = {STATE}/glance/tasks/
[oslo_concurrency]
lock_path = {STATE}/glance/lock
""")
    nova_common = f"""[DEFAULT]
transport_url = {RABBIT}
state_path = {STATE}/nova
instances_path = {STATE}/nova/instances
compute_driver = fake.FakeDriver
my_ip = 127.0.0.1
enabled_apis = osapi_compute
osapi_compute_workers = 1
osapi_compute_listen = 127.0.0.1
osapi_compute_listen_port = 8774
vif_plugging_is_fatal = false
vif_plugging_timeout = 0
[api]
auth_strategy = keystone
[api_database]
connection = {db_url(sec, 'nova_api')}
[database]
connection = {db_url(sec, 'nova')}
{authtoken(sec, 'nova')}
{ks_auth(sec, 'placement', 'placement')}
valid_interfaces = public
{ks_auth(sec, 'neutron', 'neutron')}
valid_interfaces = public
{ks_auth(sec, 'cinder', 'cinder')}
os_region_name = {REGION}
[glance]
region_name = {REGION}
valid_interfaces = public
{ks_auth(sec, 'service_user', 'nova')}
send_service_user_token = true
[oslo_concurrency]
lock_path = {STATE}/nova/lock
[scheduler]
discover_hosts_in_cells_interval = 10
workers = 1
[conductor]
workers = 1
[wsgi]
api_paste_config = {pkg}/nova-common/api-paste.ini
[oslo_messaging_notifications]
driver = noop
[vnc]
enabled = false
[os_vif_ovs]
ovsdb_connection = tcp:127.0.0.1:6640
[compute]
live_migration_wait_for_vif_plug = false
"""
    write(f"{etc}/nova/nova.conf", nova_common)
    for h in hosts:
        write(f"{etc}/nova/compute-{h['name']}.conf", f"""[DEFAULT]
host = {h['name']}
[headroom_fake]
vcpus = {h['vcpus']}
memory_mb = {h['memory_mb']}
local_gb = {h['disk_gb']}
""")
    write(f"{etc}/neutron/neutron.conf", f"""[DEFAULT]
core_plugin = ml2
service_plugins =
auth_strategy = keystone
transport_url = {RABBIT}
bind_host = 127.0.0.1
bind_port = {PORTS['neutron']}
api_workers = 1
rpc_workers = 1
rpc_state_report_workers = 1
api_paste_config = {pkg}/neutron-common/api-paste.ini
state_path = {STATE}/neutron
notify_nova_on_port_status_changes = false
notify_nova_on_port_data_changes = false
agent_down_time = 120
[database]
connection = {db_url(sec, 'neutron')}
{authtoken(sec, 'neutron')}
[oslo_concurrency]
lock_path = {STATE}/neutron/lock
[agent]
report_interval = 30
[ml2]
type_drivers = flat,vlan
tenant_network_types =
mechanism_drivers = openvswitch
extension_drivers = port_security
[ml2_type_flat]
flat_networks = physnet1,physnet2
[securitygroup]
enable_security_group = true
firewall_driver = openvswitch
""")
    backends = "\n".join(f"""[{name}]
volume_driver = headroom_fake_volume.SizedFakeVolumeDriver
volume_backend_name = {name}
headroom_capacity_gb = {cap}
""" for name, cap in VOLUME_BACKENDS)
    write(f"{etc}/cinder/cinder.conf", f"""[DEFAULT]
transport_url = {RABBIT}
auth_strategy = keystone
enabled_backends = {','.join(n for n, _ in VOLUME_BACKENDS)}
default_volume_type = {VOLUME_BACKENDS[0][0]}
state_path = {STATE}/cinder
osapi_volume_listen = 127.0.0.1
osapi_volume_listen_port = {PORTS['cinder']}
osapi_volume_workers = 1
api_paste_config = {pkg}/cinder-common/api-paste.ini
glance_api_servers = http://127.0.0.1:{PORTS['glance']}
my_ip = 127.0.0.1
[database]
connection = {db_url(sec, 'cinder')}
{authtoken(sec, 'cinder')}
{ks_auth(sec, 'nova', 'nova')}
interface = public
[oslo_concurrency]
lock_path = {STATE}/cinder/lock
{backends}
""")


# ---------------------------------------------------------------- processes

def pidfile(name):
    return os.path.join(STATE, "run", f"{name}.pid")


def running(name):
    try:
        with open(pidfile(name)) as f:
            pid = int(f.read().strip())
        os.kill(pid, 0)
        with open(f"/proc/{pid}/stat") as f:
            if f.read().split()[2] == "Z":
                return None
        return pid
    except (OSError, ValueError):
        return None


def start(name, argv, env_extra=None):
    pid = running(name)
    if pid:
        return False
    env = dict(os.environ)
    env.pop("PYTHONHOME", None)
    env["PYTHONPATH"] = HERE
    env.update(env_extra or {})
    out = open(os.path.join(STATE, "log", f"{name}.log"), "ab")
    p = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                         start_new_session=True, cwd=STATE)
    with open(pidfile(name), "w") as f:
        f.write(str(p.pid))
    log(f"started {name} (pid {p.pid})")
    return True


def py_main(module, func="main", *args):
    return [PY, "-c", f"import sys; from {module} import {func} as m; sys.argv[0] = '{module}'; sys.exit(m())", *args]


def uwsgi(name, port, wsgi_file, env):
    return start(name, ["uwsgi", "--plugin", "python3", "--http-socket", f"127.0.0.1:{port}", "--wsgi-file",
                        os.path.join(HERE, wsgi_file), "--processes", "1", "--threads", "4", "--master",
                        "--die-on-term", "--lazy-apps", "--buffer-size", "65535",
                        # keystoneauth reuses connections; uwsgi's http-socket drops kept-alive ones
                        "--add-header", "Connection: close"], env)


def manage(args, what):
    r = subprocess.run(args, capture_output=True, text=True, cwd=STATE, env=dict(os.environ, PYTHONPATH=HERE))
    if r.returncode != 0:
        raise SystemExit(f"sandbox: {what} failed (exit {r.returncode}):\n{r.stdout[-2000:]}\n{r.stderr[-4000:]}")
    return r.stdout


def wait_port(name, port, timeout=180):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if not running(name):
                tail = open(os.path.join(STATE, "log", f"{name}.log"), errors="replace").read()[-3000:]
                raise SystemExit(f"sandbox: {name} exited during start-up; its log ends with:\n{tail}")
            time.sleep(0.5)
    raise SystemExit(f"sandbox: {name} did not listen on 127.0.0.1:{port} within {timeout}s (log: {STATE}/log/{name}.log)")


def marker(name):
    return os.path.join(STATE, "run", f"{name}.synced")


def once(name, fn):
    if not os.path.exists(marker(name)):
        log(f"{name}: database schema")
        fn()
        open(marker(name), "w").close()


# ---------------------------------------------------------------- REST helpers (bootstrap only)

class Api:
    def __init__(self, sec):
        import requests
        self.requests = requests
        self.sec = sec
        self.token = None

    def auth(self):
        body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
            "name": "admin", "domain": {"name": "Default"}, "password": self.sec["admin"]}}},
            "scope": {"project": {"name": "admin", "domain": {"name": "Default"}}}}}
        r = self.requests.post(f"http://127.0.0.1:{PORTS['keystone']}/v3/auth/tokens", json=body, headers={"Connection": "close"}, timeout=30)
        r.raise_for_status()
        self.token = r.headers["X-Subject-Token"]
        self.project_id = r.json()["token"]["project"]["id"]

    def call(self, method, url, body=None, headers=None, ok=(200, 201, 202, 204), data=None):
        h = {"X-Auth-Token": self.token, "Connection": "close"}
        h.update(headers or {})
        for attempt in range(20):
            try:
                r = self.requests.request(method, url, json=body if data is None else None, data=data, headers=h, timeout=60)
            except self.requests.RequestException as e:
                log(f"{method} {url}: {e}; retrying")
                time.sleep(2)
                continue
            if r.status_code in ok:
                return r.json() if r.content and r.headers.get("content-type", "").startswith("application/json") else None
            if r.status_code in (500, 502, 503, 504) and attempt < 19:
                time.sleep(2)
                continue
            raise SystemExit(f"sandbox: {method} {url} answered {r.status_code}: {r.text[:500]}")


def ks(path):
    return f"http://127.0.0.1:{PORTS['keystone']}/v3{path}"


def ensure_named(api, coll, key, name, body, extra=""):
    found = api.call("GET", ks(f"/{coll}?name={name}{extra}"))[coll]
    if found:
        return found[0]["id"]
    return api.call("POST", ks(f"/{coll}"), {key: body})[key]["id"]


def keystone_setup(api, sec):
    api.auth()
    for role in ["service", "admin", "member", "reader"]:
        ensure_named(api, "roles", "role", role, {"name": role})
    roles = {r["name"]: r["id"] for r in api.call("GET", ks("/roles"))["roles"]}
    projects = {}
    for p in ["service", "headroom"]:
        projects[p] = ensure_named(api, "projects", "project", p, {"name": p, "domain_id": "default"})
    users = [(u, sec["service"], "service", ["admin", "service"]) for u in SERVICE_USERS]
    users.append(("headroom", sec["headroom"], "headroom", ["admin", "member"]))
    for name, password, project, rs in users:
        uid = ensure_named(api, "users", "user", name, {"name": name, "password": password, "domain_id": "default"})
        for r in rs:
            api.call("PUT", ks(f"/projects/{projects[project]}/users/{uid}/roles/{roles[r]}"))
    services = [
        ("nova", "compute", f"http://127.0.0.1:{PORTS['nova']}/v2.1"),
        ("placement", "placement", f"http://127.0.0.1:{PORTS['placement']}"),
        ("glance", "image", f"http://127.0.0.1:{PORTS['glance']}"),
        ("neutron", "network", f"http://127.0.0.1:{PORTS['neutron']}"),
        ("cinderv3", "volumev3", f"http://127.0.0.1:{PORTS['cinder']}/v3/%(project_id)s"),
        ("cinder", "block-storage", f"http://127.0.0.1:{PORTS['cinder']}/v3/%(project_id)s"),
    ]
    existing = api.call("GET", ks("/services"))["services"]
    endpoints = api.call("GET", ks("/endpoints"))["endpoints"]
    for name, typ, url in services:
        sid = next((s["id"] for s in existing if s["type"] == typ), None)
        if sid is None:
            sid = api.call("POST", ks("/services"), {"service": {"name": name, "type": typ}})["service"]["id"]
        for iface in ["public", "internal", "admin"]:
            if not any(e["service_id"] == sid and e["interface"] == iface for e in endpoints):
                api.call("POST", ks("/endpoints"), {"endpoint": {"service_id": sid, "interface": iface, "url": url, "region_id": REGION}})
    return projects


def nova_url(p):
    return f"http://127.0.0.1:{PORTS['nova']}/v2.1{p}"


MV = {"OpenStack-API-Version": "compute 2.74", "X-OpenStack-Nova-API-Version": "2.74"}


def cloud_setup(api, sec, hosts, projects):
    api.auth()
    # wait for every nova-compute to register, then map them into the cell
    names = {h["name"] for h in hosts}
    deadline = time.time() + 240
    while True:
        svcs = api.call("GET", nova_url("/os-services?binary=nova-compute"), headers=MV)["services"]
        up = {s["host"] for s in svcs if s["state"] == "up"}
        if names <= up:
            break
        if time.time() > deadline:
            raise SystemExit(f"sandbox: nova-compute did not come up for {sorted(names - up)} (logs: {STATE}/log/compute-*.log)")
        time.sleep(2)
    nova_conf = os.path.join(STATE, "etc/nova/nova.conf")
    while True:
        manage(py_main("nova.cmd.manage", "main", "--config-file", nova_conf, "cell_v2", "discover_hosts"), "nova-manage cell_v2 discover_hosts")
        hyp = api.call("GET", nova_url("/os-hypervisors"), headers=MV)["hypervisors"]
        if names <= {h["hypervisor_hostname"] for h in hyp}:
            break
        if time.time() > deadline:
            raise SystemExit("sandbox: hypervisors were not discovered")
        time.sleep(2)
    # zones and racks as host aggregates
    aggs = {a["name"]: a for a in api.call("GET", nova_url("/os-aggregates"), headers=MV)["aggregates"]}
    wanted = {}
    for h in hosts:
        wanted.setdefault(h["zone"], {"az": h["zone"], "meta": {}, "hosts": []})["hosts"].append(h["name"])
        wanted.setdefault(h["rack"], {"az": None, "meta": {"headroom_rack": h["rack"]}, "hosts": []})["hosts"].append(h["name"])
    for name, w in wanted.items():
        a = aggs.get(name)
        if a is None:
            body = {"aggregate": {"name": name}}
            if w["az"]:
                body["aggregate"]["availability_zone"] = w["az"]
            a = api.call("POST", nova_url("/os-aggregates"), body, headers=MV)["aggregate"]
            a["hosts"] = []
        if w["meta"]:
            api.call("POST", nova_url(f"/os-aggregates/{a['id']}/action"), {"set_metadata": {"metadata": w["meta"]}}, headers=MV)
        for host in w["hosts"]:
            if host not in (a.get("hosts") or []):
                api.call("POST", nova_url(f"/os-aggregates/{a['id']}/action"), {"add_host": {"host": host}}, headers=MV, ok=(200, 409))
    # flavors
    flavors = {f["name"] for f in api.call("GET", nova_url("/flavors?is_public=None"), headers=MV)["flavors"]}
    for name, vcpus, ram, disk in FLAVORS:
        if name not in flavors:
            api.call("POST", nova_url("/flavors"), {"flavor": {"name": name, "vcpus": vcpus, "ram": ram, "disk": disk}}, headers=MV)
    # image
    g = f"http://127.0.0.1:{PORTS['glance']}/v2"
    imgs = api.call("GET", f"{g}/images?name={IMAGE_NAME}")["images"]
    img = next((i for i in imgs if i["status"] == "active"), None)
    if img is None:
        img = api.call("POST", f"{g}/images", {"name": IMAGE_NAME, "disk_format": "raw", "container_format": "bare", "visibility": "public"})
        api.call("PUT", f"{g}/images/{img['id']}/file", data=b"\0" * 1024, headers={"Content-Type": "application/octet-stream"})
    # networks
    n = f"http://127.0.0.1:{PORTS['neutron']}/v2.0"
    for name, physnet, subnets in NETWORKS:
        nets = api.call("GET", f"{n}/networks?name={name}")["networks"]
        net = nets[0] if nets else api.call("POST", f"{n}/networks", {"network": {
            "name": name, "shared": True, "provider:network_type": "flat", "provider:physical_network": physnet}})["network"]
        have = {s["name"] for s in api.call("GET", f"{n}/subnets?network_id={net['id']}")["subnets"]}
        for sname, cidr in subnets:
            if sname not in have:
                base = cidr.rsplit(".", 1)[0]
                api.call("POST", f"{n}/subnets", {"subnet": {
                    "name": sname, "network_id": net["id"], "ip_version": 4, "cidr": cidr, "enable_dhcp": False,
                    "gateway_ip": f"{base}.1", "allocation_pools": [{"start": f"{base}.10", "end": f"{base}.250"}]}})
    # volume types, one per backend
    c = f"http://127.0.0.1:{PORTS['cinder']}/v3/{api.project_id}"
    deadline = time.time() + 120
    while True:
        pools = api.call("GET", f"{c}/scheduler-stats/get_pools?detail=true").get("pools", [])
        if len(pools) >= len(VOLUME_BACKENDS):
            break
        if time.time() > deadline:
            raise SystemExit(f"sandbox: cinder-volume reported {len(pools)} of {len(VOLUME_BACKENDS)} backends (log: {STATE}/log/cinder-volume.log)")
        time.sleep(2)
    types = {t["name"]: t for t in api.call("GET", f"{c}/types?is_public=None")["volume_types"]}
    for name, _ in VOLUME_BACKENDS:
        if name not in types:
            t = api.call("POST", f"{c}/types", {"volume_type": {"name": name, "os-volume-type-access:is_public": True}})["volume_type"]
            api.call("POST", f"{c}/types/{t['id']}/extra_specs", {"extra_specs": {"volume_backend_name": name}})
    return img["id"]


# ---------------------------------------------------------------- commands

def services_list(hosts):
    names = ["keystone", "placement", "glance", "nova-api", "nova-conductor", "nova-scheduler", "neutron-server",
             "fake-agents", "cinder-api", "cinder-scheduler", "cinder-volume"]
    return names + [f"compute-{h['name']}" for h in hosts]


def up(n, credentials_out):
    t0 = time.time()
    os.makedirs(STATE, exist_ok=True)
    install()
    t_install = time.time() - t0
    sec = load_secrets()
    hosts = host_plan(n)
    with open(os.path.join(STATE, "hosts.json"), "w") as f:
        json.dump(hosts, f)
    databases(sec)
    configure(sec, hosts)
    etc = os.path.join(STATE, "etc")
    kconf = f"{etc}/keystone/keystone.conf"
    ksm = lambda *a: manage(py_main("keystone.cmd.manage", "main", "--config-file", kconf, *a), f"keystone-manage {a[0]}")

    def keystone_db():
        ksm("db_sync")
        ksm("fernet_setup", "--keystone-user", "root", "--keystone-group", "root")
        ksm("credential_setup", "--keystone-user", "root", "--keystone-group", "root")
    once("keystone", keystone_db)
    ksm("bootstrap", "--bootstrap-password", sec["admin"], "--bootstrap-admin-url", f"http://127.0.0.1:{PORTS['keystone']}/v3/",
        "--bootstrap-internal-url", f"http://127.0.0.1:{PORTS['keystone']}/v3/", "--bootstrap-public-url",
        f"http://127.0.0.1:{PORTS['keystone']}/v3/", "--bootstrap-region-id", REGION)
    uwsgi("keystone", PORTS["keystone"], "wsgi_keystone.py", {"OS_KEYSTONE_CONFIG_FILES": kconf})
    once("placement", lambda: manage(py_main("placement.cmd.manage", "main", "--config-file", f"{etc}/placement/placement.conf", "db", "sync"), "placement-manage db sync"))
    nconf = f"{etc}/nova/nova.conf"
    nm = lambda *a: manage(py_main("nova.cmd.manage", "main", "--config-file", nconf, *a), "nova-manage " + " ".join(a))

    def nova_db():
        nm("api_db", "sync")
        nm("cell_v2", "map_cell0", "--database_connection", db_url(sec, "nova_cell0"))
        if "cell1" not in nm("cell_v2", "list_cells"):
            nm("cell_v2", "create_cell", "--name", "cell1")
        nm("db", "sync")
    once("nova", nova_db)
    gconf = f"{etc}/glance/glance-api.conf"
    once("glance", lambda: manage(py_main("glance.cmd.manage", "main", "--config-file", gconf, "db_sync"), "glance-manage db_sync"))
    neconf = [f"--config-file={etc}/neutron/neutron.conf"]
    once("neutron", lambda: manage(py_main("neutron.db.migration.cli", "main", *neconf, "upgrade", "heads"), "neutron-db-manage upgrade heads"))
    cconf = f"{etc}/cinder/cinder.conf"
    once("cinder", lambda: manage(py_main("cinder.cmd.manage", "main", "--config-file", cconf, "db", "sync"), "cinder-manage db sync"))
    wait_port("keystone", PORTS["keystone"])
    api = Api(sec)
    projects = keystone_setup(api, sec)
    uwsgi("placement", PORTS["placement"], "wsgi_placement.py", {"OS_PLACEMENT_CONFIG_DIR": f"{etc}/placement"})
    start("glance", py_main("glance.cmd.api", "main", "--config-file", gconf))
    start("neutron-server", py_main("neutron.cmd.eventlet.server", "main", *neconf))
    start("fake-agents", [PY, os.path.join(HERE, "fake_agents.py"), f"{etc}/neutron/neutron.conf", os.path.join(STATE, "hosts.json")])
    # nova-api on its eventlet server: under uwsgi's threads the replies of its synchronous RPC
    # calls to a compute host (volume attach) were lost and the call timed out.
    start("nova-api", py_main("nova.cmd.api", "main", "--config-file", nconf))
    start("nova-conductor", py_main("nova.cmd.conductor", "main", "--config-file", nconf))
    start("nova-scheduler", py_main("nova.cmd.scheduler", "main", "--config-file", nconf))
    start("cinder-api", py_main("cinder.cmd.api", "main", "--config-file", cconf))
    start("cinder-scheduler", py_main("cinder.cmd.scheduler", "main", "--config-file", cconf))
    start("cinder-volume", py_main("cinder.cmd.volume", "main", "--config-file", cconf))
    for name, port in [("placement", PORTS["placement"]), ("glance", PORTS["glance"]), ("neutron-server", PORTS["neutron"]), ("nova-api", PORTS["nova"]), ("cinder-api", PORTS["cinder"])]:
        wait_port(name, port)
    for h in hosts:
        start(f"compute-{h['name']}", [PY, os.path.join(HERE, "fake_compute.py"), "--config-file", nconf, "--config-file", f"{etc}/nova/compute-{h['name']}.conf"])
    image_id = cloud_setup(api, sec, hosts, projects)
    creds = {
        "auth_url": f"http://127.0.0.1:{PORTS['keystone']}/v3",
        "username": "headroom", "password": sec["headroom"], "project_name": "headroom",
        "user_domain_name": "Default", "project_domain_name": "Default", "region_name": REGION,
        "image": image_id, "sandbox": True,
        "hosts": hosts, "networks": [{"name": n, "subnets": [s for s, _ in subs]} for n, _, subs in NETWORKS],
        "volume_types": [n for n, _ in VOLUME_BACKENDS],
        "admin": {"username": "admin", "password": sec["admin"], "project_name": "admin"},
    }
    for path in [os.path.join(STATE, "credentials.json")] + ([credentials_out] if credentials_out else []):
        write(path, json.dumps(creds, indent=2) + "\n")
    log(f"up: {n} fake hosts; install step {t_install:.0f}s, total {time.time() - t0:.0f}s")
    print(f"""OpenStack sandbox is up (a real control plane with fake hypervisors), state in {STATE}
export OS_AUTH_URL={creds['auth_url']}
export OS_USERNAME=headroom
export OS_PASSWORD={sec['headroom']}
export OS_PROJECT_NAME=headroom
export OS_USER_DOMAIN_NAME=Default
export OS_PROJECT_DOMAIN_NAME=Default
export OS_REGION_NAME={REGION}
# admin: admin / {sec['admin']} (project admin)
# credentials file: {STATE}/credentials.json{(' and ' + credentials_out) if credentials_out else ''}""")


def all_names():
    hosts = []
    try:
        with open(os.path.join(STATE, "hosts.json")) as f:
            hosts = json.load(f)
    except OSError:
        pass
    names = services_list(hosts)
    rundir = os.path.join(STATE, "run")
    if os.path.isdir(rundir):
        for f in os.listdir(rundir):
            if f.endswith(".pid") and f[:-4] not in names:
                names.append(f[:-4])
    return names


def down():
    stopped = []
    for name in reversed(all_names()):
        pid = running(name)
        if pid:
            try:
                os.killpg(pid, signal.SIGTERM)
            except OSError:
                os.kill(pid, signal.SIGTERM)
            stopped.append((name, pid))
    deadline = time.time() + 20
    for name, pid in stopped:
        while running(name) and time.time() < deadline:
            time.sleep(0.2)
        if running(name):
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass
        try:
            os.unlink(pidfile(name))
        except OSError:
            pass
    log(f"down: stopped {len(stopped)} processes" if stopped else "down: nothing was running")


def status(as_json):
    out = {name: running(name) for name in all_names()}
    up_ = bool(out) and all(out.values())
    if as_json:
        print(json.dumps({"up": up_, "state": STATE, "processes": out}))
    else:
        for name, pid in out.items():
            print(f"{name:24} {'running pid ' + str(pid) if pid else 'stopped'}")
        print("sandbox is " + ("up" if up_ else "not (fully) up"))
    return 0 if up_ else 3


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("command", choices=["up", "down", "status"])
    ap.add_argument("--hosts", type=int, default=3)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--credentials-out")
    a = ap.parse_args()
    if a.command == "up":
        if not 1 <= a.hosts <= 40:
            raise SystemExit("sandbox: --hosts must be between 1 and 40")
        up(a.hosts, a.credentials_out)
        return 0
    if a.command == "down":
        down()
        return 0
    return status(a.json)


if __name__ == "__main__":
    sys.exit(main())
