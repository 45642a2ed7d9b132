"""`python -m benchmarks`: run every benchmark, one after the other.

The inbox pages run in their quick form here (1,000 threads, SQLite); the full run, with
100,000 threads on SQLite and PostgreSQL, is `python -m benchmarks.inbox`.
"""

from benchmarks import antipoaching, inbox, webhook

if __name__ == "__main__":
    antipoaching.main()
    webhook.main()
    inbox.main(["--quick"])
