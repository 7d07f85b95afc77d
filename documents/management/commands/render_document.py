from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ObjectDoesNotExist
from django.core.management.base import BaseCommand, CommandError

from documents.kinds import UnknownKind, all_kinds
from documents.services import render_document


class Command(BaseCommand):
    help = "Render an official document to PDF: render_document KIND ID -o FILE.pdf (or --list)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("kind", nargs="?", help="document kind, e.g. plan")
        parser.add_argument("object_id", nargs="?", help="id of the object")
        parser.add_argument("-o", "--output", help="where to write the PDF")
        parser.add_argument("--list", action="store_true", help="list the document kinds")

    def handle(self, *args, **options) -> None:
        if options["list"]:
            for kind in all_kinds():
                self.stdout.write(f"{kind.code:<20} {kind.label} (mẫu {kind.template_version})")
            return
        if not options["kind"] or not options["object_id"]:
            raise CommandError(
                "Usage: render_document KIND ID -o FILE.pdf  |  render_document --list"
            )
        try:
            doc = render_document(kind=options["kind"], object_id=options["object_id"])
        except UnknownKind as exc:
            raise CommandError(f"Unknown document kind {exc}; see --list") from None
        except (ObjectDoesNotExist, ValueError):
            raise CommandError(f"No {options['kind']} with id {options['object_id']}") from None
        output = Path(options["output"] or doc.filename)
        with doc.file.open("rb") as fh:
            output.write_bytes(fh.read())
        self.stdout.write(f"{output}: {doc.page_count} trang, {doc.size} byte, sha256 {doc.sha256}")
