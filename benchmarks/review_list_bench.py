"""Benchmark: the coordinators' referral list, filters and searches over 100,000 referrals.

Run through `make bench` (all benchmarks) or on its own:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/marac_bench .venv/bin/python \
        benchmarks/review_list_bench.py [--referrals 100000] [--runs 7] [--keepdb]

It never touches the database named in DATABASE_URL: like the test runner it works in
`test_<name>` beside it, which it creates (and, without --keepdb, drops at the end). With
--keepdb a database already holding the requested number of referrals is reused, so the fill
(the slow part) happens once.

It uses the production settings (marac_site.settings.production) on PostgreSQL, filling in
throwaway values for any secret not set in the environment, with two deviations that do not touch
the database: static files use the plain storage (no collectstatic manifest is needed) and HTTPS
redirects are answered by sending requests as HTTPS. It prints figures only: median and slowest
response time and the number of queries per request. It is not a test and never fails on a time.
"""

from __future__ import annotations

import argparse
import base64
import datetime
import os
import random
import secrets
import statistics
import sys
import time
import uuid
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Fixed, benchmark-only keys: a database kept with --keepdb must still decrypt and match on the
# next run. They only ever protect the generated test data in test_<name>.
BENCH_ENV_DEFAULTS = {
    "SECRET_KEY": "benchmark-only-" + secrets.token_urlsafe(32),
    "ALLOWED_HOSTS": "testserver",
    "FIELD_ENCRYPTION_KEYS": base64.urlsafe_b64encode(b"benchmark-only-key-not-a-secret!").decode(),
    "LOOKUP_HASH_KEY": "benchmark-only-lookup-key",
    "RECAPTCHA_PUBLIC_KEY": "benchmark-only",
    "RECAPTCHA_PRIVATE_KEY": "benchmark-only",
    "EMAIL_HOST": "localhost",
    "DEFAULT_FROM_EMAIL": "marac@example.org",
    "WAGTAILADMIN_BASE_URL": "https://marac.example.org",
}

FIRST_NAMES = ["Alex", "Sam", "Jo", "Chris", "Kim", "Lee", "Robin", "Jordan", "Casey", "Taylor",
               "Morgan", "Jamie", "Priya", "Aisha", "Fatima", "Olena", "Maria", "Sophie", "Emma",
               "Grace", "Chloe", "Amira", "Zainab", "Hannah", "Lucy", "Megan", "Rachel", "Nadia"]
LAST_NAMES = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
              "Patel", "Khan", "Hussain", "Begum", "Evans", "Thomas", "Roberts", "Walker",
              "Wright", "Robinson", "Thompson", "White", "Hughes", "Edwards", "Green", "Hall",
              "Wood", "Harris", "Lewis", "Martin", "Jackson", "Clarke", "Kowalski", "Novak"]
AGENCIES = ["West Yorkshire Police", "Housing Solutions", "Adult Social Care",
            "Children's Social Care", "Huddersfield Royal Infirmary", "Probation Service",
            "Community Mental Health Team", "Women's Aid", "GP practice", "Substance misuse team"]
STREETS = ["High Street", "Church Lane", "Station Road", "Mill Street", "Park Avenue",
           "Victoria Road", "Queen Street", "New Hey Road", "Manchester Road", "Leeds Road"]


def configure() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("review_list_bench: set DATABASE_URL to a PostgreSQL server, for example "
                 "postgres://postgres@127.0.0.1:5432/marac_bench (the benchmark works in "
                 "test_<name> and never touches <name> itself).")
    for name, value in BENCH_ENV_DEFAULTS.items():
        if not os.environ.get(name, "").strip():
            os.environ[name] = value
    os.environ["DJANGO_SETTINGS_MODULE"] = "marac_site.settings.production"
    # WhiteNoise warns that collectstatic has not been run; static files are not measured here.
    warnings.filterwarnings("ignore", message="No directory at")

    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    import django

    django.setup()


# --------------------------------------------------------------------------- filling


def fill(total: int, *, seed: int = 20261123, batch_size: int = 2000) -> None:
    """`total` referrals over three years, with people, children, status history and meetings,
    built in batches with bulk_create (the encrypted fields encrypt on the way in)."""
    from django.db import transaction
    from django.utils import timezone

    from guidance.models import MaracMeeting
    from referral_form import rules
    from referral_form.models import ChildDependant, PersonCausingHarm, Referral, StatusChange
    from referral_form.references import new_reference
    from referral_form.scheduling import idva_referral_due
    from referral_form.services import person_at_risk_lookup, person_causing_harm_lookup

    rng = random.Random(seed)
    now = timezone.now()
    start = now - datetime.timedelta(days=3 * 365)
    checklist = rules.get_checklist(rules.DEFAULT_CHECKLIST_VERSION)
    question_ids = [q.id for q in checklist.questions]

    meetings = []
    day = timezone.localtime(start).replace(hour=10, minute=0, second=0, microsecond=0)
    while day < now + datetime.timedelta(days=120):
        for kind in (MaracMeeting.Kind.FULL, MaracMeeting.Kind.PRE):
            starts = day + datetime.timedelta(days=0 if kind == MaracMeeting.Kind.FULL else 7)
            meetings.append(MaracMeeting(kind=kind, starts_at=starts,
                                         referral_deadline=starts - datetime.timedelta(days=8)))
        day += datetime.timedelta(days=28)
    MaracMeeting.objects.bulk_create(meetings)
    meetings = list(MaracMeeting.objects.order_by("starts_at"))
    deadlines = {kind: [m for m in meetings if m.kind == kind] for kind in MaracMeeting.Kind}

    def meeting_for(received, kind):
        return next((m for m in deadlines[kind] if m.referral_deadline >= received), None)

    statuses = ([Referral.Status.ACCEPTED_MARAC] * 55 + [Referral.Status.ACCEPTED_PRE_MARAC] * 20
                + [Referral.Status.RETURNED] * 8 + [Referral.Status.CLOSED] * 8
                + [Referral.Status.WITHDRAWN] * 2 + [Referral.Status.SUSPECTED_SPAM] * 2)
    references: set[str] = set(Referral.objects.values_list("reference", flat=True))
    people_pool = [(rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES),
                    datetime.date(rng.randint(1950, 2006), rng.randint(1, 12), rng.randint(1, 28)))
                   for _ in range(total // 3)]  # so about a third of people are referred again
    span = (now - start).total_seconds()
    made = 0
    while made < total:
        size = min(batch_size, total - made)
        referrals, harmers, children, history = [], [], [], []
        for i in range(size):
            received = start + datetime.timedelta(seconds=span * (made + i) / total
                                                  + rng.random() * 600)
            recent = (now - received).days < 21
            status = Referral.Status.SUBMITTED if recent and rng.random() < 0.6 \
                else rng.choice(statuses)
            first, last, dob = rng.choice(people_pool)
            person = {"first_name": first, "last_name": last,
                      "date_of_birth": dob.isoformat(),
                      "address": f"{rng.randint(1, 200)} {rng.choice(STREETS)}, Huddersfield "
                                 f"HD{rng.randint(1, 9)} {rng.randint(1, 9)}AB",
                      "phone": f"07700 900{rng.randint(100, 999)}", "phone_is_safe": "yes",
                      "aware_of_referral": "yes", "consent_given": "yes"}
            yes = rng.randint(10, 27)
            answers = {qid: ("yes" if n < yes else "no") for n, qid in enumerate(question_ids)}
            agency = rng.choice(AGENCIES)
            reference = new_reference()
            while reference in references:
                reference = new_reference()
            references.add(reference)
            kind = MaracMeeting.Kind.PRE if status == Referral.Status.ACCEPTED_PRE_MARAC \
                else MaracMeeting.Kind.FULL
            meeting = meeting_for(received, kind) if status in (
                Referral.Status.ACCEPTED_MARAC, Referral.Status.ACCEPTED_PRE_MARAC,
                Referral.Status.CLOSED) else None
            due = idva_referral_due(received, rules.KIRKLEES)
            referral = Referral(
                reference=reference, submission_token=uuid.uuid4(), status=status,
                received_at=received, verification=Referral.Verification.VERIFIED
                if rng.random() < 0.9 else Referral.Verification.UNVERIFIED,
                checklist_version=checklist.version, checklist_answers=answers,
                stalking_answers={}, yes_count=yes, threshold_used=14,
                meets_visible_high_risk=yes >= 14,
                meets_professional_judgement=yes < 14 or rng.random() < 0.2,
                meets_escalation=rng.random() < 0.15, meets_repeat=rng.random() < 0.1,
                criteria_reasons={"visible_high_risk": f"{yes} 'yes' answers"},
                criteria_evidence={"assessed_on": received.date().isoformat()},
                referrer={"name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                          "agency": agency, "role": "Practitioner",
                          "email": "referrer@example.gov.uk", "phone": "01632 960 001",
                          "can_attend": "yes"},
                referrer_agency=agency, person_at_risk=person,
                person_at_risk_lookup=person_at_risk_lookup(person),
                aware_of_referral="yes", consent_given="yes",
                narrative={"worst_incident": "Assaulted at home; injuries to the face.",
                           "last_incident": "Threats by text message.",
                           "risks_to_person": "Serious injury."},
                has_children="yes" if rng.random() < 0.5 else "no",
                meeting=meeting, is_repeat=rng.random() < 0.2, is_linked=rng.random() < 0.05,
                idva_referral_due=due,
                idva_referred_at=None if recent else received + datetime.timedelta(days=1),
            )
            referrals.append(referral)
        with transaction.atomic():
            Referral.objects.bulk_create(referrals)
            for referral in referrals:
                harmer = {"name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                          "date_of_birth": datetime.date(rng.randint(1950, 2006),
                                                         rng.randint(1, 12),
                                                         rng.randint(1, 28)).isoformat(),
                          "relationship": "ex_partner"}
                harmers.append(PersonCausingHarm(referral=referral, position=0, details=harmer,
                                                 relationship="ex_partner",
                                                 lookup=person_causing_harm_lookup(harmer)))
                if referral.has_children == "yes":
                    for position in range(rng.randint(1, 3)):
                        children.append(ChildDependant(
                            referral=referral, position=position,
                            details={"name": f"{rng.choice(FIRST_NAMES)} "
                                             f"{referral.person_at_risk['last_name']}",
                                     "relationship_to_person_at_risk": "child"}))
                history.append(StatusChange(referral=referral, status=Referral.Status.SUBMITTED,
                                            changed_at=referral.received_at))
                if referral.status != Referral.Status.SUBMITTED:
                    history.append(StatusChange(
                        referral=referral, status=referral.status,
                        changed_at=referral.received_at + datetime.timedelta(days=1)))
            PersonCausingHarm.objects.bulk_create(harmers)
            ChildDependant.objects.bulk_create(children)
            StatusChange.objects.bulk_create(history)
        made += size
        print(f"  {made:>7} referrals stored", end="\r", flush=True)
    print()


# --------------------------------------------------------------------------- measuring


def coordinator_client():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(
        username="bench-coordinator", defaults={"email": "bench@example.org"})
    user.groups.add(Group.objects.get(name="MARAC coordinators"))
    client = Client()
    client.force_login(user)
    return client


def measure(client, label: str, method: str, url: str, data=None, runs: int = 7):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, counts = [], []
    call = getattr(client, method)
    for run in range(runs + 1):  # the first run warms caches and is not counted
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = call(url, data=data, secure=True)
            elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            return {"label": label, "error": f"HTTP {response.status_code} from {url}"}
        if run:
            timings.append(elapsed)
            counts.append(len(queries))
    return {"label": label, "median": statistics.median(timings), "max": max(timings),
            "queries": sorted(set(counts))}


def scenarios():
    """(label, method, url, data) for every request measured; person details go in a POST."""
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    from guidance.models import MaracMeeting
    from referral_form.models import Referral

    index = reverse("referral_form_referral_modeladmin_index")
    sample = (Referral.objects.exclude(status=Referral.Status.SUSPECTED_SPAM)
              .order_by("?").first())
    person = sample.person_at_risk
    found = [
        ("Referral list, page 1", "get", index, None),
        ("Referral list, page 50", "get", index, {"p": 50}),
        ("Filtered: accepted for MARAC + visible high risk", "get", index,
         {"status": Referral.Status.ACCEPTED_MARAC, "criteria": "visible_high_risk"}),
        ("Filtered: flag IDVA overdue", "get", index, {"flag": "idva_overdue"}),
        ("Search by reference", "get", index, {"q": sample.reference}),
    ]
    try:
        found.append(("Search by name + date of birth (POST)", "post",
                      reverse("referral_form_referral_modeladmin_find_person"),
                      {"name": f"{person['first_name']} {person['last_name']}",
                       "date_of_birth": datetime.date.fromisoformat(
                           person["date_of_birth"]).strftime("%d/%m/%Y")}))
    except NoReverseMatch:
        print("  (no person-search view yet: name + date of birth search not measured)")
    found.append(("Referral record (inspect)", "get",
                  reverse("referral_form_referral_modeladmin_inspect", args=[sample.pk]), None))
    busiest = (MaracMeeting.objects.filter(starts_at__lt=timezone.now())
               .order_by("-starts_at").first())
    if busiest:
        found.append((f"Meeting agenda ({busiest.referrals.count()} referrals)", "get",
                      reverse("marac_reports_agenda", args=[busiest.pk]), None))
        found.append(("Meeting agenda CSV", "get",
                      reverse("marac_reports_agenda_csv", args=[busiest.pk]), None))
    found.append(("Twelve-month flag review, page 1", "get",
                  reverse("marac_reports_flag_review"), None))
    found.append(("Admin home with the dashboard panel", "get", reverse("wagtailadmin_home"),
                  None))
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--referrals", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keepdb", action="store_true",
                        help="keep test_<name> afterwards and reuse it when already filled")
    args = parser.parse_args(argv)
    configure()

    from django.db import connection
    from django.test.utils import setup_test_environment

    from referral_form.models import Referral

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    # serialize=False: nothing here restores the database from a snapshot, and serialising it
    # would decrypt every row on each start.
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True,
                                                   serialize=False, keepdb=args.keepdb)
    try:
        print(f"Review list benchmark on PostgreSQL database {test_name}")
        existing = Referral.objects.count()
        if existing != args.referrals:
            if existing:
                Referral.objects.all().delete()
            started = time.perf_counter()
            fill(args.referrals)
            print(f"  filled {args.referrals} referrals in {time.perf_counter() - started:.0f} s")
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        else:
            print(f"  reusing {existing} referrals (--keepdb)")

        client = coordinator_client()
        print(f"\n{'request':<52} {'median ms':>10} {'max ms':>9} {'queries':>9}")
        for label, method, url, data in scenarios():
            result = measure(client, label, method, url, data, runs=args.runs)
            if "error" in result:
                print(f"{label:<52} {result['error']}")
                continue
            queries = "/".join(str(n) for n in result["queries"])
            print(f"{label:<52} {result['median']:>10.1f} {result['max']:>9.1f} {queries:>9}")
        print(f"\n{args.runs} runs each after one warm-up; several query counts separated by "
              "'/' mean the count varied between runs.")
    finally:
        if not args.keepdb:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
