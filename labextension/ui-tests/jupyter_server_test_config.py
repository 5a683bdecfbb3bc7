"""JupyterLab server for the browser tests: galata's test settings (no token, galata helper
extension), bound to 127.0.0.1 on the port the runner chose."""
import os

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821 (c is the config object Jupyter injects)
c.ServerApp.ip = "127.0.0.1"  # noqa: F821
c.ServerApp.port = int(os.environ["VELO_UI_PORT"])  # noqa: F821
c.ServerApp.allow_root = True  # noqa: F821
