"""Velostream SQL for JupyterLab: the prebuilt extension lives in share/jupyter/labextensions/velostream-jupyterlab."""

__version__ = "0.1.0"


def _jupyter_labextension_paths():
    return [{"src": "labextension", "dest": "velostream-jupyterlab"}]
