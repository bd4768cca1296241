from django.utils.translation import gettext_lazy as _

from activities.forms import PublicityEventForm, StudySessionForm, VolunteerActivityForm
from activities.models import PublicityEvent, StudySession, VolunteerActivity
from records.kinds import Kind, register

register(
    Kind(
        code="study",
        model=StudySession,
        form=StudySessionForm,
        label=_("理论学习"),
        create_label=_("登记理论学习"),
        icon="book",
        type_field="study_type",
        columns=("speaker",),
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
        type_field="event_type",
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
        type_field="service_type",
        columns=("volunteers", "service_hours"),
        # Volunteers and beneficiaries say who took part; a third count would confuse.
        unused=("participants",),
    )
)
