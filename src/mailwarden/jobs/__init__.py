"""Jobs: executing approved requests, delta sync, expiry, health re-checks, and whatever registers.

jobs/queue.py    where a job runs: procrastinate on PostgreSQL, the calling process on SQLite
jobs/work.py     what each job does, given the tenant open (the same code either way)
jobs/tasks.py    the procrastinate tasks and periodic sweeps a worker runs
jobs/worker.py   `mailwarden worker`, and what admins see of failed jobs
"""
