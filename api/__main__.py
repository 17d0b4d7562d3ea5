"""`python -m api migrate | seed | token [CUSTOMER_NUMBER] | retention [--days N]`: the few things run by hand
(retention also from cron)."""

import argparse
import logging
import sys

from sqlalchemy import select

from api import migrate
from api.auth.security import create_token
from api.clock import Clock
from api.config import get_settings
from api.customers.models import Customer
from api.db import get_sessionmaker
from api.privacy import install_log_masking
from api.retention import purge, purge_tracker_store
from api.seed import seed


def _migrate(_args: argparse.Namespace) -> int:
    migrate.upgrade()
    print("Database is up to date (alembic head).")
    return 0


def _seed(_args: argparse.Namespace) -> int:
    with get_sessionmaker()() as session:
        added = seed(session, get_settings(), Clock())
    print(f"Seeded: {', '.join(added)}" if added else "Demo data already present; nothing added.")
    return 0


def _token(args: argparse.Namespace) -> int:
    settings = get_settings()
    if settings.is_production:
        print("Refusing to mint a development token in production.", file=sys.stderr)
        return 2
    with get_sessionmaker()() as session:
        query = select(Customer.customer_number).order_by(Customer.id).limit(1)
        if args.customer_number:
            query = select(Customer.customer_number).where(Customer.customer_number == args.customer_number)
        customer_number = session.scalar(query)
    if customer_number is None:
        print("Unknown customer (run `python -m api migrate` and `python -m api seed` first).", file=sys.stderr)
        return 1
    print(create_token(settings, customer_number, "customer", settings.dev_token_minutes))
    return 0


def _retention(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    install_log_masking()
    settings = get_settings()
    days = args.days or settings.retention_days
    now = Clock().now()
    with get_sessionmaker()() as session:
        counts = purge(session, now, days)
    print(f"Deleted {sum(counts.values())} rows of conversation data older than {days} days.")
    if settings.rasa_tracker_store_url:
        events = purge_tracker_store(settings.rasa_tracker_store_url, now, days)
        print(f"Deleted {events} events of conversations in Rasa's tracker store idle for more than {days} days.")
    return 0


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("at least 1 day")
    return number


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m api", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="upgrade the database to the latest schema").set_defaults(func=_migrate)
    commands.add_parser("seed", help="insert the demo customers (idempotent)").set_defaults(func=_seed)
    token = commands.add_parser("token", help="print a development customer JWT")
    token.add_argument("customer_number", nargs="?", help="default: the first seeded customer")
    token.set_defaults(func=_token)
    retention = commands.add_parser("retention", help="delete conversation data past its retention (api/retention.py)")
    retention.add_argument("--days", type=_positive, help="default: RETENTION_DAYS (90)")
    retention.set_defaults(func=_retention)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
