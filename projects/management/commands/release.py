"""`manage.py release [--output DIR]`: the next release of what is published (projects/services/releases.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from projects.services.releases import release_create, release_path


class Command(BaseCommand):
    help = (
        "Write a dated, numbered, immutable release of the published ventures (CSV, XLSX, GeoJSON, "
        "FollowTheMoney, changelog, datapackage.json) under RELEASES_ROOT. Nothing is made when nothing "
        "published changed since the latest release."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="Also copy the release's files into this folder (created if missing)."
        )

    def handle(self, *args, output=None, **options):
        result = release_create(user=None, output=output)
        release = result.release
        if result.created:
            counts = ", ".join(f"{value} {name.replace('_', ' ')}" for name, value in release.counts.items())
            log = release.changelog
            self.stdout.write(
                f"Release {release.number} written to {release_path(release)} ({counts}): "
                f"{len(log['added'])} added, {len(log['changed'])} changed, {len(log['removed'])} removed, "
                f"{len(log['status_changes'])} status changes."
            )
        else:
            self.stdout.write(
                f"Nothing published changed since release {release.number} ({release_path(release)}): "
                "no new release."
            )
        if output is not None:
            self.stdout.write(f"Files of release {release.number} copied to {output}.")
