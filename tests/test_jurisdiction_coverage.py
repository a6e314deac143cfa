"""Every scoped model declares a jurisdiction suite (tests/jurisdiction.py)."""

import importlib
import inspect
import pathlib

from django.apps import apps

from accounts.scoping import ScopedQuerySet

from .jurisdiction import JurisdictionSuite


def _declared_models():
    covered = set()
    root = pathlib.Path(__file__).parent
    for path in root.rglob("test_jurisdiction*.py"):
        if path.name == pathlib.Path(__file__).name:
            continue
        module_name = ".".join(path.relative_to(root.parent).with_suffix("").parts)
        module = importlib.import_module(module_name)
        for _name, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, JurisdictionSuite) and obj is not JurisdictionSuite and obj.model:
                covered.add(obj.model)
    return covered


def test_every_scoped_model_has_a_jurisdiction_suite():
    scoped = {
        model
        for model in apps.get_models()
        if isinstance(model._default_manager.all(), ScopedQuerySet)
    }
    assert scoped, "no scoped model found"
    missing = sorted(m.__name__ for m in scoped - _declared_models())
    assert not missing, f"scoped models without a jurisdiction suite: {missing}"
