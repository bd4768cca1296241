"""Photos chosen in a form that was refused for something else, kept for the next try.

A camera shot is often in no gallery: if a missing title made the reporter choose the
photos again, they would be gone. So when a record form comes back with errors, the
photos it carried are checked and re-encoded as on a save (records.photos) and kept in
a stash folder, named in the session; the form shows them, each with a box to let it
go, and the save that succeeds takes them. Files left behind are purged after a day
(portal.files) and a stash is only ever read through the session that made it.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest
from PIL import Image

from portal.files import stash_delete
from records.photos import ProcessedImage, display_rendition, image_process

FOLDER = "form-stash"
SESSION_KEY = "form_stash"
FILES_KEY = "form_stash_files"
# More than a form holds at once (records.forms.MAX_PHOTOS_PER_UPLOAD), less than a session should.
MOST = 40


@dataclass(frozen=True)
class StashedPhoto:
    id: str
    name: str  # the file's name on the phone
    image: str  # storage names
    thumbnail: str
    taken_at: str | None  # ISO, from EXIF

    def processed(self) -> ProcessedImage:
        """As `image_process` returned it, for `record_save` to store."""
        data = _read(self.image)
        with Image.open(io.BytesIO(data)) as image:
            display = display_rendition(image.convert("RGB"))
        return ProcessedImage(
            image=ContentFile(data, name="photo.jpg"),
            thumbnail=ContentFile(_read(self.thumbnail), name="thumb.jpg"),
            taken_at=datetime.fromisoformat(self.taken_at) if self.taken_at else None,
            original_name=self.name,
            display=display,
        )


def _read(name: str) -> bytes:
    with default_storage.open(name, "rb") as file:
        return file.read()


def photos_stash(request: HttpRequest, uploads) -> tuple[list[StashedPhoto], list[str]]:
    """Check and keep the uploaded photos; the kept ones, and the reasons the others were refused."""
    kept, refused = [], []
    stash = request.session.get(SESSION_KEY, {})
    for upload in uploads:
        if len(stash) >= MOST:
            break
        try:
            image = image_process(upload)
        except ValidationError as exc:
            refused.extend(exc.messages)
            continue
        key = uuid.uuid4().hex
        photo = StashedPhoto(
            id=key,
            name=image.original_name,
            image=default_storage.save(f"{FOLDER}/{key}.jpg", image.image),
            thumbnail=default_storage.save(f"{FOLDER}/{key}-thumb.jpg", image.thumbnail),
            taken_at=image.taken_at.isoformat() if image.taken_at else None,
        )
        stash[key] = photo.__dict__
        kept.append(photo)
    request.session[SESSION_KEY] = stash
    return kept, refused


def photos_stashed(request: HttpRequest, ids) -> list[StashedPhoto]:
    """The photos of this session's stash among `ids` (as the form sends them back), in order."""
    stash = request.session.get(SESSION_KEY, {})
    found = [StashedPhoto(**stash[key]) for key in dict.fromkeys(ids) if key in stash]
    return [photo for photo in found if default_storage.exists(photo.image)]  # a day old: purged


def photos_unstash(request: HttpRequest, photos) -> None:
    """Forget stashed photos and delete their files (saved with a record, or let go)."""
    stash = request.session.get(SESSION_KEY, {})
    for photo in photos:
        stash.pop(photo.id, None)
        stash_delete(photo.image)
        stash_delete(photo.thumbnail)
    request.session[SESSION_KEY] = stash


# --- other files of a form (a placement's 剪报): checked by the form, kept the same way ----


@dataclass(frozen=True)
class StashedFile:
    id: str
    field: str  # the form field it came in
    name: str  # as stored, e.g. clipping.pdf
    file: str  # storage name


def files_stash(request: HttpRequest, form) -> list[StashedFile]:
    """Keep the checked files of a refused form's `Form.kept_files` fields (a clipping,
    a record's attachments): a field holds one file or a list of them."""
    kept = []
    stash = request.session.get(FILES_KEY, {})
    for field in getattr(form, "kept_files", ()):
        content = getattr(form, "cleaned_data", {}).get(field)
        for each in content if isinstance(content, list) else [content] if content else []:
            if getattr(each, "stashed", False) or len(stash) >= MOST:
                continue  # kept already (put back for a save that then failed), or enough kept
            key = uuid.uuid4().hex
            suffix = each.name.rsplit(".", 1)[-1] if "." in each.name else "bin"
            stored = default_storage.save(f"{FOLDER}/{key}.{suffix}", each)
            kept_file = StashedFile(id=key, field=field, name=each.name, file=stored)
            stash[key] = kept_file.__dict__
            kept.append(kept_file)
    request.session[FILES_KEY] = stash
    return kept


def files_stashed(request: HttpRequest, ids) -> list[StashedFile]:
    stash = request.session.get(FILES_KEY, {})
    found = [StashedFile(**stash[key]) for key in dict.fromkeys(ids) if key in stash]
    return [kept for kept in found if default_storage.exists(kept.file)]


def files_restore(form, kept: list[StashedFile]) -> None:
    """Put kept files back in a valid form's cleaned data: a one-file field's where nothing
    new was chosen, a list field's beside what was."""
    for each in kept:
        content = ContentFile(_read(each.file), name=each.name)
        content.stashed = True  # so a save that fails after this does not keep it twice
        chosen = form.cleaned_data.get(each.field)
        if isinstance(chosen, list):
            chosen.append(content)
        elif not chosen:
            form.cleaned_data[each.field] = content


def files_unstash(request: HttpRequest, kept) -> None:
    stash = request.session.get(FILES_KEY, {})
    for each in kept:
        stash.pop(each.id, None)
        stash_delete(each.file)
    request.session[FILES_KEY] = stash
