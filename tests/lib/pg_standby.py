"""A throwaway PostgreSQL 15 primary and a physical streaming-replication standby of it, on free
loopback ports, for the standby replica's test and bench (tests/store/postgres/
standby_replica_test.py, bench/store/standby_lag.py). The primary is initdb'ed with wal_level
replica and a replication line for 127.0.0.1 in pg_hba.conf (trust: loopback only); the standby is
`pg_basebackup -R -X stream` of it, started as a hot standby. Run as root, the servers run as the
`postgres` user. stop() stops both (immediate) and removes their directory; call it in a finally.
PG_BINDIR overrides /usr/lib/postgresql/15/bin.
"""
import os
import pwd
import subprocess
import tempfile

from loopback import free_port  # noqa: F401 (the tests and benches import it from here too)

BINDIR = os.environ.get("PG_BINDIR", "/usr/lib/postgresql/15/bin")


class PrimaryAndStandby:
    def __init__(self, fsync=False):
        self.work = tempfile.mkdtemp(prefix="strikeline-standby-pg.")
        self.as_pg = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
        if self.as_pg:
            owner = pwd.getpwnam("postgres")
            os.chown(self.work, owner.pw_uid, owner.pw_gid)
        self.fsync = fsync
        self.primary_data = os.path.join(self.work, "primary")
        self.standby_data = os.path.join(self.work, "standby")
        self.primary_port, self.standby_port = free_port(), free_port()
        self.primary_url = f"postgres://postgres@127.0.0.1:{self.primary_port}/postgres"
        self.standby_url = f"postgres://postgres@127.0.0.1:{self.standby_port}/postgres"
        self.started = []

    def run(self, cmd):
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)}: exit {r.returncode}: {r.stdout[-1500:]} "
                               f"{r.stderr[-1500:]}")
        return r.stdout

    def pg_ctl(self, data, *args):
        return self.run(self.as_pg + [f"{BINDIR}/pg_ctl", "-D", data, "-l", data + ".log", "-w",
                                      "-t", "30", *args])

    def conf(self, port):
        return (f"listen_addresses = '127.0.0.1'\nport = {port}\n"
                f"unix_socket_directories = '{self.work}'\n"
                f"fsync = {'on' if self.fsync else 'off'}\nwal_level = replica\n"
                "max_wal_senders = 4\nhot_standby = on\nmax_connections = 60\n")

    def start(self):
        if not os.path.exists(f"{BINDIR}/initdb"):
            raise RuntimeError(f"no PostgreSQL server binaries in {BINDIR} "
                               "(scripts/install-deps.sh installs postgresql-15)")
        self.run(self.as_pg + [f"{BINDIR}/initdb", "-D", self.primary_data, "-U", "postgres",
                               "-A", "trust", "-E", "UTF8", "--locale=C"])
        with open(os.path.join(self.primary_data, "postgresql.conf"), "a") as f:
            f.write(self.conf(self.primary_port))
        with open(os.path.join(self.primary_data, "pg_hba.conf"), "a") as f:
            f.write("host replication postgres 127.0.0.1/32 trust\n")
        self.started.append(self.primary_data)
        self.pg_ctl(self.primary_data, "start")
        self.run(self.as_pg + [f"{BINDIR}/pg_basebackup", "-h", "127.0.0.1", "-p",
                               str(self.primary_port), "-U", "postgres", "-D", self.standby_data,
                               "-R", "-X", "stream", "--checkpoint=fast"])
        with open(os.path.join(self.standby_data, "postgresql.conf"), "a") as f:
            f.write(self.conf(self.standby_port))
        self.started.append(self.standby_data)
        self.pg_ctl(self.standby_data, "start")

    def restart_standby(self):
        self.pg_ctl(self.standby_data, "restart", "-m", "fast")

    def log_tail(self, data, lines=20):
        try:
            with open(data + ".log") as f:
                return "".join(f.readlines()[-lines:])
        except OSError:
            return ""

    def stop(self):
        for data in reversed(self.started):
            subprocess.run(self.as_pg + [f"{BINDIR}/pg_ctl", "-D", data, "stop", "-m",
                                         "immediate"], capture_output=True)
        subprocess.run(["rm", "-rf", self.work])
