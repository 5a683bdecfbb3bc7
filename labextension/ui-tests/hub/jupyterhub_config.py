"""JupyterHub for the end-to-end test: everything on 127.0.0.1, ports and paths from the test.

DummyAuthenticator (any password), LocalProcessSpawner: the single-user JupyterLab runs as the
logged-in system user. The test logs in as the user running it; as root, the single-user server
needs --allow-root.
"""
import os
import sys
from pathlib import Path

run_dir = Path(os.environ["VELO_HUB_DIR"])
venv_bin = Path(sys.executable).parent

c = get_config()  # noqa: F821 (injected by JupyterHub)
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = int(os.environ["VELO_HUB_PORT"])
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ["VELO_HUB_API_PORT"])
c.ConfigurableHTTPProxy.command = [os.environ["VELO_CHP"]]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ['VELO_PROXY_API_PORT']}"
c.JupyterHub.db_url = f"sqlite:///{run_dir / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(run_dir / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(run_dir / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True

c.JupyterHub.authenticator_class = "dummy"
c.Authenticator.allow_all = True

c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
c.Spawner.cmd = [str(venv_bin / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = str(run_dir / "notebooks")
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.env_keep = ["PATH", "LANG", "LC_ALL", "VIRTUAL_ENV"]
if os.getuid() == 0:
    c.Spawner.args = ["--allow-root"]
