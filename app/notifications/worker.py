"""The worker that sends notices: `python -m app.notifications.worker [--workers N]`.

It reads the same environment as the app (DATABASE_URL, TASK_QUEUE_URL, SMTP_*, SMS_*, KRR_*),
runs the queued tasks with N threads, and the periodic ones (the sweep each minute, the
reminders each morning, the retention of sessions and notices and the audit log's coming months:
app/maintenance.py). Run as many as wanted against one Redis: each task runs once."""

from __future__ import annotations

import argparse
import logging

from app import create_app
from app.notifications.queue import huey, sweep


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-periodic", action="store_true", help="leave the periodic tasks to another worker")
    args = parser.parse_args(argv)
    create_app()  # configures the queue's storage and the app the tasks run in
    if not args.no_periodic:
        sweep()  # at once: what a worker that died left behind is not left until the next minute
    logging.getLogger("huey").setLevel(logging.INFO)
    consumer = huey.create_consumer(workers=args.workers, worker_type="thread", periodic=not args.no_periodic)
    consumer.run()


if __name__ == "__main__":
    main()
