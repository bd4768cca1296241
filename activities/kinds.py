"""Study sessions, publicity events and volunteer activities, as the registry knows them."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from activities import demo, ledger, writing
from activities.forms import PublicityEventForm, StudySessionForm, VolunteerActivityForm
from activities.models import PublicityEvent, StudySession, VolunteerActivity
from records.kinds import Figure, Kind, register

TIMES, PEOPLE = _("次"), _("人次")

register(
    Kind(
        code="study",
        model=StudySession,
        form=StudySessionForm,
        label=_("理论学习"),
        create_label=_("登记理论学习"),
        icon="book",
        count_unit=TIMES,
        sheet=ledger.STUDY,
        example=lambda town: {"study_type": StudySession.Type.COLLECTIVE},
        demo=demo.study_plans,
        type_field="study_type",
        columns=("speaker",),
        facts=("speaker", "host", "format", "expected_attendance", "absentees", "discussion_points"),
        search=("speaker", "host"),
        figures=(
            Figure("study.attendance", _("理论学习参学"), PEOPLE, "study", "sum", "participants"),
            Figure(
                "study.central_group_rate",
                _("中心组平均参学率"),
                "%",
                "study",
                "rate",
                "expected_attendance",
                Q(study_type=StudySession.Type.CENTRAL_GROUP),
            ),
        ),
        cards=("study.count", "study.type.central_group"),
        report=writing.STUDY,
    )
)
register(
    Kind(
        code="event",
        model=PublicityEvent,
        form=PublicityEventForm,
        label=_("宣传活动"),
        create_label=_("登记宣传活动"),
        icon="megaphone",
        count_unit=_("场"),
        sheet=ledger.EVENT,
        example=lambda town: {"event_type": PublicityEvent.Type.THEMED},
        demo=demo.event_plans,
        type_field="event_type",
        facts=("audience",),
        search=("audience",),
        figures=(Figure("event.participants", _("宣传活动参与"), PEOPLE, "event", "sum", "participants"),),
        cards=("event.count",),
        report=writing.EVENT,
    )
)
register(
    Kind(
        code="volunteer",
        model=VolunteerActivity,
        form=VolunteerActivityForm,
        label=_("志愿服务"),
        create_label=_("登记志愿服务"),
        icon="heart",
        count_unit=TIMES,
        sheet=ledger.VOLUNTEER,
        example=lambda town: {
            "service_type": VolunteerActivity.Type.CARE,
            "volunteers": 10,
            "service_hours": Decimal("30"),
        },
        demo=demo.volunteer_plans,
        type_field="service_type",
        columns=("volunteers", "service_hours"),
        # Volunteers and beneficiaries say who took part; a third count would confuse.
        unused=("participants",),
        facts=("team", "volunteers", "service_hours", "beneficiaries"),
        search=("team",),
        figures=(
            Figure("volunteer.volunteers", _("参与志愿者"), PEOPLE, "volunteer", "sum", "volunteers"),
            Figure("volunteer.hours", _("志愿服务时长"), _("小时"), "volunteer", "sum", "service_hours"),
            Figure("volunteer.beneficiaries", _("服务群众"), PEOPLE, "volunteer", "sum", "beneficiaries"),
        ),
        cards=("volunteer.count", "volunteer.hours"),
        targets=("volunteer.beneficiaries",),
        report=writing.VOLUNTEER,
    )
)
