"""Media placements, as the registry knows them."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from media_outreach import credits, demo, ledger, writing
from media_outreach.forms import MediaPlacementForm
from media_outreach.models import MediaOutlet, MediaPlacement
from records.kinds import Figure, Kind, Page, register

Level, Channel = MediaOutlet.Level, MediaOutlet.Channel
# "市级及以上媒体": central, provincial and city outlets, work briefings excluded.
CITY_AND_ABOVE = (Level.CENTRAL, Level.PROVINCIAL, Level.CITY)
PIECES = _("篇")


def _example(town) -> dict:
    outlet, _created = MediaOutlet.objects.get_or_create(
        town=town, name="江川日报", defaults={"level": Level.CITY, "channel": Channel.PRESS}
    )
    return {"outlet": outlet}


# The town's own platforms (镇级 outlets, or an outlet marked 自有平台) are never part of
# "各级媒体刊发": their posts are "发布信息N条", and the town's own 简报 are never in "各级简报".
OWN = Q(outlet__is_own_platform=True) | Q(outlet__level=Level.TOWN)
BRIEFING = Q(outlet__channel=Channel.BRIEFING)
OUTSIDE = ~OWN
PUBLISHED = OUTSIDE & ~BRIEFING
CITY_UP = Q(outlet__level__in=CITY_AND_ABOVE)


def _figures() -> tuple[Figure, ...]:
    figures = [
        Figure("media.published", _("各级媒体刊发"), PIECES, "media", where=PUBLISHED),
        Figure("media.city_and_above", _("市级及以上媒体刊发"), PIECES, "media", where=PUBLISHED & CITY_UP),
        # 头版 and 头条 apart, and only where they mean something: 市级 outlets and above.
        Figure(
            "media.front_page", _("头版"), PIECES, "media", where=PUBLISHED & CITY_UP & Q(is_front_page=True)
        ),
        Figure("media.headline", _("头条"), PIECES, "media", where=OUTSIDE & CITY_UP & Q(is_headline=True)),
        Figure(
            "media.central_tv",
            _("中央级广播电视播出"),
            _("次"),
            "media",
            where=Q(outlet__level=Level.CENTRAL, outlet__channel=Channel.BROADCAST),
        ),
        Figure("media.own", _("自有平台发布信息"), _("条"), "media", where=OWN & ~BRIEFING),
        Figure("media.own_briefing", _("编发本镇工作简报"), _("期"), "media", where=OWN & BRIEFING),
    ]
    prefix = _("媒体刊发·")
    outside_levels = [(value, label) for value, label in Level.choices if value != Level.TOWN]
    for value, label in outside_levels:
        figures.append(
            Figure(
                f"media.level.{value}",
                label,
                PIECES,
                "media",
                where=PUBLISHED & Q(outlet__level=value),
                prefix=prefix,
            )
        )
    for value, label in Channel.choices:
        figures.append(
            Figure(
                f"media.channel.{value}",
                label,
                PIECES,
                "media",
                where=OUTSIDE & Q(outlet__channel=value),
                prefix=prefix,
            )
        )
    for value, label in outside_levels:
        figures.append(
            Figure(
                f"media.briefing.{value}",
                label,
                PIECES,
                "media",
                where=OUTSIDE & BRIEFING & Q(outlet__level=value),
                prefix=_("工作简报·"),
            )
        )
    return tuple(figures)


register(
    Kind(
        code="media",
        model=MediaPlacement,
        form=MediaPlacementForm,
        label=_("媒体刊发"),
        create_label=_("登记媒体刊发"),
        icon="newspaper",
        count_unit=PIECES,
        sheet=ledger.PLACEMENT,
        example=_example,
        demo=demo.media_plans,
        type_field="piece_type",
        columns=("outlet",),
        unused=("participants", "place", "is_practical_project"),
        facts=(
            "outlet",
            "piece_type",
            "column",
            "url",
            "authors",
            "is_front_page",
            "is_headline",
            "is_repost",
            "has_instruction",
            "characters",
            "covers",
        ),
        listed=("outlet", "column", "authors"),
        search=("authors",),
        figures=_figures(),
        cards=("media.published", "media.city_and_above"),
        targets=("media.channel.xuexi",),
        pages=(
            Page(_("媒体名录"), "media_outreach:outlet_list", "broadcast", "media_outreach.manage_outlets"),
        ),
        form_template="media_outreach/placement_form.html",
        report=writing.PLACEMENTS,
        written=credits.credits_write,
    )
)
