import datetime as dt

import pytest
from django.utils import timezone

from motcua.reform import services
from motcua.reform.demo import commune_rows


@pytest.fixture
def council(env, make_user):
    """A reform officer of the province: the appraisal council of its rounds."""
    return make_user(env["province"], role="reform")


@pytest.fixture
def commune_round(env, council):
    """This year's round of the demo commune index (eight fields, 100 points) over communes A and B."""
    year = timezone.localdate().year
    framework = services.import_framework(
        actor=council,
        year=year,
        level="commune",
        name=f"Bộ chỉ số CCHC cấp xã {year}",
        groups=[["A", 90], ["B", 80], ["C", 0]],
        rows=commune_rows(),
    )
    return services.open_round(
        actor=council, framework=framework, organiser=env["province"], deadline=timezone.localdate() + dt.timedelta(days=7)
    )
