from django.utils.translation import gettext_lazy as _

from activities.forms import PublicityEventForm, StudySessionForm, VolunteerActivityForm
from activities.models import PublicityEvent, StudySession, VolunteerActivity
from records.kinds import Kind, register

register(Kind("study", StudySession, StudySessionForm, _("理论学习"), "book", "study_type", ("speaker",)))
register(Kind("event", PublicityEvent, PublicityEventForm, _("宣传活动"), "megaphone", "event_type"))
register(
    Kind(
        "volunteer",
        VolunteerActivity,
        VolunteerActivityForm,
        _("志愿服务"),
        "heart",
        "service_type",
        ("volunteers", "service_hours"),
        # Volunteers and beneficiaries say who took part; a third count would confuse.
        unused=("participants",),
    )
)
