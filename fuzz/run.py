"""Run one fuzz target under atheris (libFuzzer) for a bounded time.

    .venv/bin/python fuzz/run.py deadline --seconds 60

The committed corpus tests/fuzz_corpus/<target>/ seeds the run; libFuzzer's growing working
corpus lives in build/fuzz/<target>/ (not committed), and an input that crashes is written to
tests/fuzz_corpus/<target>/crash-<sha1>, where the regression test replays it once the cause is
fixed. Exits non-zero when the target crashed.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target")
    parser.add_argument("--seconds", type=int, default=60, help="total fuzzing time (default 60)")
    parser.add_argument("--timeout", type=int, default=20, help="seconds one input may take (default 20)")
    parser.add_argument("--rss-limit-mb", type=int, default=3072)
    args = parser.parse_args(argv)

    try:
        import atheris
    except ImportError:
        print("atheris is not installed: pip install -e '.[fuzz]'", file=sys.stderr)
        return 2
    with atheris.instrument_imports(include=["normalize", "parsers", "fuzz"]):
        from fuzz.targets import TARGETS
    if args.target not in TARGETS:
        print(f"no fuzz target {args.target!r}; targets: {', '.join(TARGETS)}", file=sys.stderr)
        return 2
    seeds = ROOT / "tests" / "fuzz_corpus" / args.target
    work = ROOT / "build" / "fuzz" / args.target
    seeds.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    flags = [f"-max_total_time={args.seconds}", f"-timeout={args.timeout}", f"-rss_limit_mb={args.rss_limit_mb}",
             f"-artifact_prefix={seeds}/", "-max_len=8192", "-print_final_stats=1"]
    target = TARGETS[args.target]
    atheris.Setup([sys.argv[0], *flags, str(work), str(seeds)], target)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main())
