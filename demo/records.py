"""A year or two of a town's publicity ledger, for the demo site and for trying things out.

`demo_records_create` asks each registered kind for its plausible year of work
(`Kind.demo`, in the kind's own `demo.py`), then creates the records the way the
portal would hold them: most approved; in the current year a few waiting for review,
drafts or returned; about 8 % highlights; photos drawn with Pillow on about a quarter
of the activities, put through the upload checks.

Everything comes from one seeded random generator, so a seed always gives the same
ledger (for the same day: nothing is dated after today).
"""

from __future__ import annotations

import io
import random
from datetime import date, datetime, time, timedelta

from auditlog.context import disable_auditlog
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont, ImageOps

from demo.campaigns import CAMPAIGNS, campaign_tag
from portal.models import OrgUnit, User, in_subtree
from records.demo import RETURN_REASONS, DemoPlan, DemoYear
from records.kinds import KINDS, kinds_written
from records.models import Brand, Campaign, CampaignTask, Photo, Record, WorkTheme
from records.photos import image_process
from records.services import default_theme, themes_ensure_defaults

PHOTO_SIZE = (800, 600)
SCENES = ("meeting", "stage", "outdoor")


def _scene_pool(rng: random.Random) -> dict[str, list[Image.Image]]:
    """A few distinct pictures of each scene, drawn once and reused with a date stamp."""
    pool: dict[str, list[Image.Image]] = {scene: [] for scene in SCENES}
    for index in range(12):
        scene = SCENES[index % len(SCENES)]
        pool[scene].append(_scene(scene, rng))
    return pool


def _gradient(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], top, bottom) -> None:
    x0, y0, x1, y1 = box
    for y in range(y0, y1):
        f = (y - y0) / max(1, y1 - y0 - 1)
        draw.line(
            [(x0, y), (x1, y)], fill=tuple(int(a + (b - a) * f) for a, b in zip(top, bottom, strict=True))
        )


def _people(draw, rng, *, y, rows, colours, scale=1.0) -> None:
    width = PHOTO_SIZE[0]
    for row in range(rows):
        size = scale * (1 + row * 0.18)
        step = int(46 * size)
        base = y + int(row * 42 * size)
        for x in range(rng.randint(-20, 10), width + step, step):
            x += rng.randint(-8, 8)
            head = int(11 * size)
            skin = rng.choice([(233, 196, 160), (222, 178, 140), (204, 160, 120)])
            body = rng.choice(colours)
            draw.rounded_rectangle(
                [x - int(17 * size), base, x + int(17 * size), base + int(60 * size)],
                radius=int(8 * size),
                fill=body,
            )
            draw.ellipse([x - head, base - 2 * head - 2, x + head, base - 2], fill=skin)
            draw.ellipse([x - head, base - 2 * head - 4, x + head, base - head - 2], fill=(35, 30, 30))


def _banner(draw, rng, box, colour=(196, 30, 40)) -> None:
    x0, y0, x1, y1 = box
    draw.rectangle(box, fill=colour)
    inner = (255, 230, 120) if colour[0] > 150 else (255, 255, 255)
    line_y = (y0 + y1) // 2 - 4
    x = x0 + 30
    while x < x1 - 40:  # blocks standing in for characters
        w = rng.randint(18, 24)
        draw.rectangle([x, line_y - 8, x + w, line_y + 12], fill=inner)
        x += w + 8


def _scene(scene: str, rng: random.Random) -> Image.Image:
    image = Image.new("RGB", PHOTO_SIZE)
    draw = ImageDraw.Draw(image)
    w, h = PHOTO_SIZE
    if scene == "meeting":  # a meeting room: wall, banner, screen, rows of seated people
        wall = rng.choice([(236, 228, 212), (225, 230, 236), (240, 236, 226)])
        _gradient(draw, (0, 0, w, int(h * 0.62)), wall, tuple(c - 25 for c in wall))
        _gradient(draw, (0, int(h * 0.62), w, h), (150, 110, 80), (110, 78, 55))
        _banner(draw, rng, (60, 30, w - 60, 90))
        draw.rectangle([w // 2 - 170, 110, w // 2 + 170, 300], fill=(20, 60, 140))
        draw.rectangle([w // 2 - 150, 130, w // 2 + 150, 280], fill=(40, 100, 190))
        draw.rectangle([0, int(h * 0.62), w, int(h * 0.62) + 26], fill=(120, 40, 35))
        _people(
            draw,
            rng,
            y=int(h * 0.66),
            rows=3,
            colours=[(30, 35, 50), (60, 60, 70), (230, 230, 235), (40, 50, 80)],
        )
    elif scene == "stage":  # a square with a stage, a banner and an audience
        sky = rng.choice([(110, 170, 230), (140, 190, 235), (95, 150, 215)])
        _gradient(draw, (0, 0, w, int(h * 0.5)), sky, (220, 235, 250))
        _gradient(draw, (0, int(h * 0.5), w, h), (170, 170, 165), (120, 120, 118))
        stage_x = rng.randint(80, 200)
        draw.rectangle([stage_x, 150, w - stage_x, 330], fill=(170, 20, 30))
        _banner(draw, rng, (stage_x + 20, 165, w - stage_x - 20, 215), colour=(200, 35, 40))
        for x in range(stage_x + 60, w - stage_x - 40, 70):  # performers
            colour = rng.choice([(250, 200, 30), (240, 80, 140), (255, 255, 255), (60, 170, 90)])
            draw.rounded_rectangle([x, 250, x + 26, 320], radius=8, fill=colour)
            draw.ellipse([x + 3, 226, x + 23, 248], fill=(233, 196, 160))
        _people(
            draw,
            rng,
            y=int(h * 0.68),
            rows=3,
            colours=[(200, 60, 60), (60, 90, 160), (240, 240, 240), (80, 80, 80)],
        )
    else:  # volunteers in red vests outdoors, with trees and a flag
        sky = rng.choice([(120, 180, 235), (160, 200, 240), (105, 160, 220)])
        _gradient(draw, (0, 0, w, int(h * 0.55)), sky, (225, 238, 250))
        _gradient(draw, (0, int(h * 0.55), w, h), (110, 160, 80), (70, 120, 55))
        for _ in range(rng.randint(3, 6)):
            x = rng.randint(0, w)
            draw.rectangle([x - 6, 200, x + 6, 330], fill=(95, 70, 45))
            draw.ellipse(
                [x - 60, 120, x + 60, 240], fill=rng.choice([(60, 130, 60), (80, 150, 70), (50, 115, 55)])
            )
        draw.line([(w - 120, 120), (w - 120, 330)], fill=(90, 90, 90), width=4)
        draw.rectangle([w - 116, 120, w - 40, 165], fill=(210, 30, 40))
        _banner(draw, rng, (40, 250, 420, 300))
        _people(
            draw,
            rng,
            y=int(h * 0.63),
            rows=2,
            colours=[(215, 35, 40), (225, 45, 45), (205, 30, 35), (40, 60, 110)],
        )
    return image


def _photo_upload(scene: Image.Image, taken: datetime, name: str, font) -> SimpleUploadedFile:
    """A camera-like JPEG of the scene: date stamp in the corner, EXIF time, maybe mirrored."""
    image = ImageOps.mirror(scene) if taken.minute % 2 else scene.copy()
    draw = ImageDraw.Draw(image)
    stamp = f"{taken:%Y-%m-%d %H:%M}"
    x, y = PHOTO_SIZE[0] - 250, PHOTO_SIZE[1] - 40
    draw.text((x + 1, y + 1), stamp, fill=(40, 20, 0), font=font)
    draw.text((x, y), stamp, fill=(255, 150, 30), font=font)
    exif = Image.Exif()
    exif[0x0132] = f"{taken:%Y:%m:%d %H:%M:%S}"  # DateTime; records/photos.py reads it as taken_at
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82, exif=exif.tobytes())
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _font():
    try:
        return ImageFont.load_default(size=22)
    except (TypeError, OSError):  # Pillow without FreeType: the small bitmap font
        return ImageFont.load_default()


# Creating the records -----------------------------------------------------------------


def _aware(day: date, hour: int, minute: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def demo_records_create(
    *,
    town: OrgUnit,
    author_by_unit: dict[str, User],
    reviewer: User,
    years: list[int],
    photos: bool = True,
    seed: int = 2026,
) -> int:
    """Fill `town` with demo records for `years`; return how many were created.

    Nothing is created (and 0 returned) if the town already has records. A record's
    author is `author_by_unit[unit name]`, else `author_by_unit["*"]`, else the
    reviewer; approved and returned records name `reviewer` as their reviewer.
    Nothing is dated after today. The records are kept out of the audit log: nobody
    made them, and their backdated times would not match the log's.
    """
    if Record.objects.filter(in_subtree(town)).exists():
        return 0
    themes_ensure_defaults(town=town)
    themes = list(WorkTheme.objects.filter(town=town, is_active=True)) or list(
        WorkTheme.objects.filter(town=town)
    )
    by_name = {theme.name: theme for theme in themes}
    default = {kind: default_theme(town=town, kind=kind) or themes[0] for kind in KINDS}
    units = list(OrgUnit.objects.filter(in_subtree(town, field=""), is_active=True).order_by("path"))
    if town not in units:
        units.insert(0, town)
    today, now = timezone.localdate(), timezone.now()
    rng = random.Random(seed)

    plans: list[DemoPlan] = []
    tasks: dict[int, CampaignTask] = {}  # id(plan) → its campaign task
    for year in sorted(set(years)):
        c = DemoYear(town=town, units=units, year=year, rng=random.Random(seed * 10_000 + year))
        year_plans: list[DemoPlan] = []
        for kind in KINDS.values():  # in the registry's order, so a piece can cover an activity
            made = kind.demo(c, year_plans)
            year_plans += [plan for plan in made if plan.day.year == year and plan.day <= today]
        plans += year_plans
        tasks.update(_campaign_make(town, year, year_plans))
    if not plans:
        return 0
    # Records before those that link to them (a piece is never dated before its activity).
    plans.sort(key=lambda plan: (plan.day, bool(plan.links)))
    _statuses_choose(plans, rng=rng, today=today)
    _highlights_choose(plans, rng=rng)

    reviewed_states = (Record.Status.APPROVED, Record.Status.RETURNED)
    with transaction.atomic(), disable_auditlog():
        brands = _brands_make(town, plans)
        stamps = []
        for plan in plans:
            created = min(
                _aware(plan.day, rng.randint(9, 19), rng.randint(0, 59))
                + timedelta(hours=rng.choice([0, 1, 3, 20, 26, 50])),
                now,
            )
            submitted = min(created + timedelta(minutes=rng.randint(5, 600)), now)
            reviewed = min(submitted + timedelta(minutes=rng.randint(30, 3000)), now)
            fields = dict(plan.fields)
            fields.update({name: linked.record for name, linked in plan.links.items()})
            theme = by_name.get(plan.theme or "") or default[plan.kind]
            if plan.theme_from is not None:
                theme = plan.theme_from.record.theme
            plan.record = KINDS[plan.kind].model.objects.create(
                brand=brands.get(plan.brand),
                campaign_task=tasks.get(id(plan)),
                title=plan.title,
                date=plan.day,
                place=plan.place,
                unit=plan.unit,
                theme=theme,
                summary=plan.summary,
                participants=plan.participants,
                is_highlight=plan.highlight,
                is_practical_project=plan.practical,
                status=plan.status,
                return_reason=plan.return_reason,
                author=author_by_unit.get(plan.unit.name) or author_by_unit.get("*") or reviewer,
                submitted_at=None if plan.status == Record.Status.DRAFT else submitted,
                reviewed_by=reviewer if plan.status in reviewed_states else None,
                reviewed_at=reviewed if plan.status in reviewed_states else None,
                **fields,
            )
            plan.created = created
            if plan.status in reviewed_states:
                last = reviewed
            else:
                last = submitted if plan.status == Record.Status.SUBMITTED else created
            stamps.append(Record(pk=plan.record.pk, created_at=created, updated_at=last))
        # auto_now_add/auto_now stamp "now" on create; backdate them to when the work was logged.
        Record.objects.bulk_update(stamps, ["created_at", "updated_at"], batch_size=500)
        written: dict[str, list[int]] = {}
        for plan in plans:
            written.setdefault(plan.kind, []).append(plan.record.pk)
        kinds_written(written)
        if photos:
            _photos_add([plan for plan in plans if plan.scene], rng=rng, now=now)
    return len(plans)


def _brands_make(town: OrgUnit, plans: list[DemoPlan]) -> dict[str, Brand]:
    """The town's brands the plans name, each with what the first plan to name it says of it."""
    brands: dict[str, Brand] = {}
    for plan in plans:
        if plan.brand and plan.brand not in brands:
            brands[plan.brand], _created = Brand.objects.get_or_create(
                town=town, name=plan.brand, defaults={"description": plan.brand_note}
            )
    return brands


def _campaign_make(town: OrgUnit, year: int, plans: list[DemoPlan]) -> dict[int, CampaignTask]:
    """The year's campaign with its tasks, and the task of each plan that belongs to it."""
    spec = CAMPAIGNS.get(year)
    if spec is None:
        return {}
    campaign, _created = Campaign.objects.get_or_create(
        town=town, year=year, defaults={"name": spec.name, "lead": spec.lead, "framing": spec.framing}
    )
    tasks = {
        name: CampaignTask.objects.get_or_create(campaign=campaign, name=name, defaults={"order": order})[0]
        for order, (name, _words) in enumerate(spec.tasks, start=1)
    }
    return {id(plans[index]): tasks[name] for index, name in campaign_tag(plans, spec).items()}


def _statuses_choose(plans: list[DemoPlan], *, rng: random.Random, today: date) -> None:
    """All approved, except this year's latest: ~10 pending review, ~5 drafts, ~3 returned."""
    current = [plan for plan in plans if plan.day.year == today.year]
    recent = [plan for plan in current if (today - plan.day).days <= 45]
    if len(recent) < 30:
        recent = current[-30:]
    for index, plan in enumerate(rng.sample(recent, min(18, len(recent)))):
        if index < 10:
            plan.status = Record.Status.SUBMITTED
        elif index < 15:
            plan.status = Record.Status.DRAFT
        else:
            plan.status = Record.Status.RETURNED
            if plan.return_hint and rng.random() < 0.6:
                plan.return_reason = plan.return_hint
            else:
                plan.return_reason = rng.choice(RETURN_REASONS)


def _highlights_choose(plans: list[DemoPlan], *, rng: random.Random) -> None:
    """About 8% of the records are highlights (亮点), mostly among the notable ones."""
    wanted = round(len(plans) * 0.08)
    notable = [plan for plan in plans if plan.notable]
    others = [plan for plan in plans if not plan.notable]
    chosen = rng.sample(notable, min(len(notable), round(wanted * 0.75)))
    chosen += rng.sample(others, min(len(others), wanted - len(chosen)))
    for plan in chosen:
        plan.highlight = True


def _photos_add(plans: list[DemoPlan], *, rng: random.Random, now: datetime) -> None:
    """1-3 photos on about a quarter of the activities, through the upload checks."""
    chosen = [
        plan
        for plan in plans
        if rng.random() < 0.25
        and not (plan.status == Record.Status.RETURNED and "照片" in plan.return_reason)
    ]
    if not chosen:
        return
    pool = _scene_pool(random.Random(rng.random()))
    font = _font()
    stamps = []
    for plan in chosen:
        start = _aware(plan.day, rng.randint(8, 16), rng.randint(0, 59))
        for index in range(rng.choices([1, 2, 3], [45, 35, 20])[0]):
            taken = min(
                start + timedelta(minutes=index * rng.randint(3, 25), seconds=rng.randint(0, 59)), now
            )
            taken = taken.replace(microsecond=0)
            name = f"IMG_{timezone.localtime(taken):%Y%m%d_%H%M%S}.jpg"
            processed = image_process(
                _photo_upload(rng.choice(pool[plan.scene]), timezone.localtime(taken), name, font)
            )
            photo = Photo.of(processed, record=plan.record, by=plan.record.author)
            photo.taken_at = processed.taken_at or taken
            photo.save()
            stamps.append(Photo(pk=photo.pk, uploaded_at=max(plan.created, taken)))
    Photo.objects.bulk_update(stamps, ["uploaded_at"], batch_size=500)
