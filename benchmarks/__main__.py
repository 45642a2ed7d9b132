"""`python -m benchmarks`: run every benchmark, one after the other."""

from benchmarks import antipoaching, webhook

if __name__ == "__main__":
    antipoaching.main()
    webhook.main()
