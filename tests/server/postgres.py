"""A throwaway PostgreSQL cluster: initdb into a temporary directory, served on one loopback port.

It stands in for the compose file's `postgres` service, with password authentication like it,
so the MLflow server under test gets the same kind of backend URI.
"""

import glob
import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import topology
from .net import free_loopback_port

USER = "mlflow"
DB = "mlflow"


@dataclass(frozen=True)
class PostgresCluster:
    root: Path      # temporary directory holding data/, the socket and the server log
    bindir: Path
    port: int
    password: str
    host: str = "127.0.0.1"
    user: str = USER
    db: str = DB

    @property
    def backend_store_uri(self) -> str:
        return topology.backend_store_uri(self.user, self.password, self.host, self.port, self.db)


def find_bindir() -> Path | None:
    """Directory holding initdb and pg_ctl: on PATH, in $PG_BINDIR, or Debian's versioned folder.

    Debian and Ubuntu install the server binaries in /usr/lib/postgresql/<major>/bin and keep them
    off PATH, so a plain `apt-get install postgresql` is found without further setup.
    """
    candidates = [os.environ.get("PG_BINDIR")]
    on_path = shutil.which("initdb")
    candidates.append(os.path.dirname(os.path.realpath(on_path)) if on_path else None)
    debian = glob.glob("/usr/lib/postgresql/*/bin")
    candidates += sorted(debian, key=lambda d: int(Path(d).parent.name), reverse=True)
    for candidate in filter(None, candidates):
        if all(os.access(os.path.join(candidate, b), os.X_OK) for b in ("initdb", "pg_ctl")):
            return Path(candidate)
    return None


def _unprivileged_account() -> pwd.struct_passwd | None:
    """The account to run PostgreSQL as: initdb and pg_ctl refuse to run as root.

    None when we are not root. CI runs as root, so this is the common case there. The distro's
    `postgres` account is preferred; `nobody` exists everywhere and needs no home directory.
    """
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise RuntimeError("running as root, and neither a 'postgres' nor a 'nobody' account exists")


def _run(args: list, account, cwd: Path) -> None:
    as_account = {} if account is None else {
        "user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}
    result = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True,
                            **as_account)
    if result.returncode != 0:
        raise RuntimeError(f"{Path(args[0]).name} failed ({result.returncode}):\n"
                           f"{result.stdout}{result.stderr}")


def start(bindir: Path) -> PostgresCluster:
    """initdb, configure, start and create the database; cleans up after itself if any step fails."""
    account = _unprivileged_account()
    # Not under pytest's tmp_path: that lives in a root-only directory the account cannot enter.
    root = Path(tempfile.mkdtemp(prefix="bp-postgres-"))
    try:
        if account is not None:
            os.chown(root, account.pw_uid, account.pw_gid)
        password = secrets.token_hex(16)  # URL-safe, since it goes into the backend URI
        pwfile = root / "pwfile"
        pwfile.write_text(password + "\n")
        if account is not None:
            os.chown(pwfile, account.pw_uid, account.pw_gid)
        # C locale and UTF8: CI machines often lack other locales. --no-sync: data is thrown away.
        _run([bindir / "initdb", "-D", root / "data", f"--username={USER}", f"--pwfile={pwfile}",
              "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C", "--no-sync"], account, root)
        pwfile.unlink()
        port = free_loopback_port()
        with open(root / "data" / "postgresql.conf", "a") as conf:
            conf.write(
                "listen_addresses = '127.0.0.1'\n"
                f"port = {port}\n"
                f"unix_socket_directories = '{root}'\n"  # not /var/run/postgresql: may not exist
                # Durability buys nothing for a cluster deleted after the session, and costs
                # seconds of fsync on a shared disk.
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
            )
        _run([bindir / "pg_ctl", "-D", root / "data", "-l", root / "server.log",
              "-w", "-t", "60", "start"], account, root)
        cluster = PostgresCluster(root=root, bindir=bindir, port=port, password=password)
        try:
            _create_database(cluster)
        except BaseException:
            stop(cluster)
            raise
        return cluster
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise


def _create_database(cluster: PostgresCluster) -> None:
    import psycopg2  # the driver the backend URI names; the test extra installs it

    conn = psycopg2.connect(host=cluster.host, port=cluster.port, user=cluster.user,
                            password=cluster.password, dbname="postgres")
    try:
        conn.autocommit = True  # CREATE DATABASE cannot run inside a transaction
        with conn.cursor() as cur:
            cur.execute(f'CREATE DATABASE "{cluster.db}"')
    finally:
        conn.close()


def stop(cluster: PostgresCluster) -> None:
    """Stop the server (immediate: nothing is worth flushing) and delete the cluster."""
    try:
        _run([cluster.bindir / "pg_ctl", "-D", cluster.root / "data", "-m", "immediate",
              "-w", "stop"], _unprivileged_account(), cluster.root)
    finally:
        shutil.rmtree(cluster.root, ignore_errors=True)
