"""The package layout, derived from the folders: the design fixes ``api/``, ``ingest/`` and
``cypher/`` at the top of the repository, and they install as ``entanglements.api`` etc.

Every Python folder under a layer becomes a subpackage, so adding one needs no edit here.
Everything else about the distribution is in pyproject.toml.
"""

from setuptools import find_namespace_packages, find_packages, setup

CODE = ("core", "ingest", "api", "cli")
LAYERS = (*CODE, "cypher")  # cypher/: plain .cypher files, installed as package data

# Folders of package data only (no __init__.py) are namespace packages: listing them keeps
# setuptools from warning that it "would ignore" them, and their files are declared as
# package data of each folder in pyproject.toml.
DATA = ("cypher", "api.web.static")

packages = [
    *find_packages(include=[f"{layer}*" for layer in CODE]),
    *find_namespace_packages(include=[p for d in DATA for p in (d, f"{d}.*")]),
]

setup(
    packages=[f"entanglements.{name}" for name in packages],
    package_dir={f"entanglements.{layer}": layer for layer in LAYERS},
)
