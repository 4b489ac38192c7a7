"""Is this installation whole? Settings, database, cache, media storage, migrations, the
scheduler and the task worker, disk space and the TLS certificate, one line each.

For an operator after an install, an upgrade or an alert: `manage.py doctor` says what is
wrong and what to do, and exits 1 when anything is (so it can gate a deploy script).
"""

from django.core.management.base import BaseCommand, CommandError

from operations import doctor


class Command(BaseCommand):
    help = "Check the installation: one line per part, exit status 1 when something is wrong."

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip",
            action="append",
            default=[],
            choices=doctor.PARTS,
            help="Leave out a check (repeatable), e.g. --skip tls where a balancer ends TLS.",
        )
        parser.add_argument(
            "--tls-dir",
            help="Folder with fullchain.pem and privkey.pem "
            "(default /etc/letsencrypt/live/<SITE_URL's host>).",
        )

    def handle(self, *args, skip, tls_dir, **options):
        findings = doctor.run(skip=frozenset(skip), tls_dir=tls_dir)
        style = {doctor.OK: self.style.SUCCESS, doctor.FAIL: self.style.ERROR}
        for finding in findings:
            label = style.get(finding.status, str)(f"{finding.status:<4}")
            self.stdout.write(f"{label} {finding.part:<10} {finding.text}")
        failed = [f.part for f in findings if f.status == doctor.FAIL]
        if failed:
            raise CommandError(
                f"{len(failed)} of {len(findings)} checks failed: {', '.join(failed)}"
            )
