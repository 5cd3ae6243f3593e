"""docs/dpia.md stays true to the code where the code can change under it.

A privacy officer copies these facts into a DPIA and a register of processing: a consent purpose,
role, capability or retention rule added without the page, or a default changed without it,
would make her document wrong without anyone noticing. Each test reads the facts from the code
itself (the choices, the permission table, the retention rules, the defaults in settings.py), so
adding one there fails here until the page says it."""

import re
from pathlib import Path

import pytest
from django.utils import translation

from meervoud.accounts.models import Role
from meervoud.accounts.permissions import CAPABILITIES
from meervoud.audit import retention
from meervoud.stories.models import Purpose

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "dpia.md").read_text(encoding="utf-8")
SETTINGS_SOURCE = (ROOT / "src" / "meervoud" / "conf" / "settings.py").read_text(encoding="utf-8")
RETENTION_SOURCE = Path(retention.__file__).read_text(encoding="utf-8")

# `NAME` (standaard 730 …) for a setting, `NAME` (vast 30 …) for a constant in the code
NAMED_NUMBER = re.compile(r"`([A-Z][A-Z0-9_]+)` \((standaard|vast) (\d+)")
# the default of every numeric setting: env_number("MEERVOUD_…", "730", …)
SETTING_DEFAULT = re.compile(r'env_number\(\s*"(MEERVOUD_[A-Z0-9_]+)",\s*"(\d+)"')
# settings a retention rule depends on without naming them in audit/retention.py
RETENTION_SETTINGS_ELSEWHERE = {"MEERVOUD_LOGIN_LOCKOUT_MINUTES"}
# not retention, but a privacy officer weighs them: the k threshold, the intake limit, API keys
OTHER_REQUIRED_SETTINGS = {"MEERVOUD_MIN_NARRATORS", "MEERVOUD_INTAKE_PER_HOUR",
                           "MEERVOUD_API_TOKEN_DAYS", "MEERVOUD_LOGIN_FAILURE_LIMIT"}


def dutch(label) -> str:
    with translation.override("nl"):
        return str(label)


def setting_defaults() -> dict[str, int]:
    return {name: int(default) for name, default in SETTING_DEFAULT.findall(SETTINGS_SOURCE)}


def retention_constants() -> dict[str, int]:
    """The fixed periods of audit/retention.py (TASK_RESULT_DAYS = 30, …)."""
    return {name: value for name, value in vars(retention).items()
            if re.fullmatch(r"[A-Z][A-Z0-9_]+", name) and type(value) is int}


def named_numbers() -> list[tuple[str, str, int]]:
    return [(name, kind, int(number)) for name, kind, number in NAMED_NUMBER.findall(DOC)]


def test_every_consent_purpose_is_named_by_its_dutch_label():
    missing = [dutch(purpose.label) for purpose in Purpose if dutch(purpose.label) not in DOC]
    assert missing == [], f"docs/dpia.md does not describe the consent purposes {missing}"


def test_every_role_is_named_by_its_dutch_label():
    missing = [dutch(role.label) for role in Role if dutch(role.label) not in DOC]
    assert missing == [], f"docs/dpia.md does not name the roles {missing}"


def test_the_capability_table_gives_every_capability_exactly_its_roles():
    """The table in A.4 is the permission matrix in words: a capability added, or a role given
    or taken one, must show there."""
    row = re.compile(r"^\| `([a-z_]+\.[a-z_]+)` \|[^|]*\| ([^|]+) \|$", re.MULTILINE)
    documented = {capability: {name.strip() for name in roles.split(",")}
                  for capability, roles in row.findall(DOC)}
    expected = {capability: {dutch(role.label) for role in Role if role in roles}
                for capability, roles in CAPABILITIES.items()}
    assert documented == expected


def test_every_retention_rule_is_named():
    keys = [rule.key for rule in retention.rules()]
    assert keys, "no retention rules found"
    missing = [key for key in keys if f"| `{key}` |" not in DOC]
    assert missing == [], f"docs/dpia.md (A.9) lacks the retention rules {missing}"


def test_every_setting_a_retention_rule_uses_is_named_with_its_current_default():
    used = set(re.findall(r"MEERVOUD_[A-Z0-9_]+", RETENTION_SOURCE)) | RETENTION_SETTINGS_ELSEWHERE
    defaults = setting_defaults()
    assert used <= defaults.keys(), f"no numeric default found in settings.py for {used - defaults.keys()}"
    named = {name: number for name, kind, number in named_numbers() if kind == "standaard"}
    for name in sorted(used | OTHER_REQUIRED_SETTINGS):
        assert name in named, f"docs/dpia.md never says `{name}` (standaard {defaults[name]})"


def test_the_k_threshold_is_named_with_its_default():
    default = setting_defaults()["MEERVOUD_MIN_NARRATORS"]
    assert f"`MEERVOUD_MIN_NARRATORS` (standaard {default}" in DOC


def test_every_fixed_retention_period_is_named_with_its_value():
    constants = retention_constants()
    assert {"TASK_RESULT_DAYS", "REJECTED_CONTRIBUTION_DAYS"} <= constants.keys()
    named = {name for name, kind, _number in named_numbers() if kind == "vast"}
    missing = sorted(constants.keys() - named)
    assert missing == [], f"docs/dpia.md never gives the fixed periods {missing} with '(vast N …)'"


@pytest.mark.parametrize("kind", ["standaard", "vast"])
def test_every_number_the_page_gives_for_a_name_is_the_one_in_the_code(kind):
    """Each "`NAME` (standaard N" and "`NAME` (vast N" on the page, wherever it stands."""
    known = setting_defaults() if kind == "standaard" else retention_constants()
    wrong = {(name, number, known.get(name)) for name, found_kind, number in named_numbers()
             if found_kind == kind and known.get(name) != number}
    assert wrong == set(), f"(name, on the page, in the code): {sorted(wrong, key=str)}"
