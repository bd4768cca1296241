"""Media placements, as the registry knows them."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from media_outreach import demo, ledger
from media_outreach.forms import MediaPlacementForm
from media_outreach.models import MediaOutlet, MediaPlacement
from records.kinds import Figure, Kind, Page, register
from records.writing import Tally

Level, Channel = MediaOutlet.Level, MediaOutlet.Channel
# "市级及以上媒体": central, provincial and city outlets, work briefings excluded.
CITY_AND_ABOVE = (Level.CENTRAL, Level.PROVINCIAL, Level.CITY)
PIECES = _("篇")


def _example(town) -> dict:
    outlet, _created = MediaOutlet.objects.get_or_create(
        town=town, name="江川日报", defaults={"level": Level.CITY, "channel": Channel.PRESS}
    )
    return {"outlet": outlet}


def _figures() -> tuple[Figure, ...]:
    figures = [
        Figure(
            "media.city_and_above",
            _("市级及以上媒体刊发"),
            PIECES,
            "media",
            where=Q(outlet__level__in=CITY_AND_ABOVE) & ~Q(outlet__channel=Channel.BRIEFING),
        ),
        Figure("media.front_page", _("头版/头条"), PIECES, "media", where=Q(is_front_page=True)),
        Figure(
            "media.central_tv",
            _("中央级广播电视播出"),
            _("次"),
            "media",
            where=Q(outlet__level=Level.CENTRAL, outlet__channel=Channel.BROADCAST),
        ),
    ]
    prefix = _("媒体刊发·")
    for value, label in Level.choices:
        figures.append(
            Figure(
                f"media.level.{value}", label, PIECES, "media", where=Q(outlet__level=value), prefix=prefix
            )
        )
    for value, label in Channel.choices:
        figures.append(
            Figure(
                f"media.channel.{value}",
                label,
                PIECES,
                "media",
                where=Q(outlet__channel=value),
                prefix=prefix,
            )
        )
    for value, label in Level.choices:
        figures.append(
            Figure(
                f"media.briefing.{value}",
                label,
                PIECES,
                "media",
                where=Q(outlet__channel=Channel.BRIEFING, outlet__level=value),
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
        facts=("outlet", "piece_type", "url", "authors", "is_front_page", "covers"),
        search=("authors",),
        figures=_figures(),
        cards=("media.count", "media.city_and_above"),
        targets=("media.channel.xuexi",),
        pages=(
            Page(_("媒体名录"), "media_outreach:outlet_list", "broadcast", "media_outreach.manage_outlets"),
        ),
        form_template="media_outreach/placement_form.html",
        report=Tally(
            "全年在各级媒体刊发稿件{media.count}篇",
            (
                ("media.city_and_above", "，其中市级及以上媒体{media.city_and_above}篇"),
                (
                    ("media.level.central", "中央级{media.level.central}篇"),
                    ("media.level.provincial", "省级{media.level.provincial}篇"),
                    ("media.level.city", "市级{media.level.city}篇"),
                ),
                ("media.channel.xuexi", "，“学习强国”平台录用{media.channel.xuexi}篇"),
                ("media.channel.briefing", "，各级工作简报录用{media.channel.briefing}篇"),
                ("media.front_page", "，登上头版头条{media.front_page}篇"),
            ),
        ),
    )
)
