"""The papermill parameter translator: parameters become the kernel's ``SET name = literal;``."""
import json
import math
import re

from papermill.models import Parameter
from papermill.translators import Translator, papermill_translators

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SET_LINE = re.compile(r"^\s*SET\s+([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*;?\s*(--\s*(.*))?$", re.IGNORECASE)


class VelostreamTranslator(Translator):
    """Renders papermill parameters as the kernel's ``SET name = literal;`` statements."""

    @classmethod
    def translate_str(cls, val):
        return "'" + str(val).replace("'", "''") + "'"

    @classmethod
    def translate_none(cls, val):
        return "NULL"

    @classmethod
    def translate_int(cls, val):
        return str(val)

    @classmethod
    def translate_float(cls, val):
        if math.isnan(val):
            return "'NaN'"
        if math.isinf(val):
            return "'Infinity'" if val > 0 else "'-Infinity'"
        return repr(val)

    @classmethod
    def translate_bool(cls, val):
        return "TRUE" if val else "FALSE"

    @classmethod
    def translate_dict(cls, val):
        return cls.translate_str(json.dumps(val, separators=(",", ":")))

    @classmethod
    def translate_list(cls, val):
        return cls.translate_str(json.dumps(val, separators=(",", ":")))

    @classmethod
    def comment(cls, cmt_str):
        return f"-- {cmt_str}".strip()

    @classmethod
    def assign(cls, name, str_val):
        if not _NAME.match(name):
            raise ValueError(f"invalid parameter name {name!r}: use [A-Za-z_][A-Za-z0-9_]*")
        return f"SET {name} = {str_val};"

    @classmethod
    def inspect(cls, parameters_cell):
        """Reads the ``SET`` lines of the parameters cell for ``papermill --help-notebook``."""
        params = []
        for line in parameters_cell.source.splitlines():
            match = _SET_LINE.match(line)
            if match:
                name, default, _, help_text = match.groups()
                params.append(Parameter(name=name, inferred_type_name="None", default=default, help=help_text or ""))
        return params


papermill_translators.register("velostream", VelostreamTranslator)

