"""`python -m api migrate | seed | token [CUSTOMER_NUMBER]`: the few things a developer runs by hand."""

import argparse
import sys

from sqlalchemy import select

from api import migrate
from api.auth.security import create_token
from api.clock import Clock
from api.config import get_settings
from api.customers.models import Customer
from api.db import get_sessionmaker
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m api", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="upgrade the database to the latest schema").set_defaults(func=_migrate)
    commands.add_parser("seed", help="insert the demo customers (idempotent)").set_defaults(func=_seed)
    token = commands.add_parser("token", help="print a development customer JWT")
    token.add_argument("customer_number", nargs="?", help="default: the first seeded customer")
    token.set_defaults(func=_token)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
