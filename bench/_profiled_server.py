"""uvicorn under cProfile, for `bench/live_room.py --profile PREFIX`. Run by live_room.py,
not by hand:

    python bench/_profiled_server.py INDEX UVICORN-ARGS...

On Python 3.12 one cProfile sees every thread (it uses sys.monitoring), so the profile holds
the event loop and the database thread together; a thread waiting for the other shows as
time in a lock's acquire. When live_room stops the server (SIGTERM; uvicorn shuts down
cleanly) it writes PREFIX-INDEX.prof, PREFIX from BENCH_PROFILE. Read it with
`python -m pstats FILE` (sort tottime, stats 30).
"""

from __future__ import annotations

import cProfile
import os
import signal
import sys


def main() -> None:
    index, args = sys.argv[1], sys.argv[2:]
    prefix = os.environ["BENCH_PROFILE"]
    sys.argv = ["uvicorn", *args]
    from uvicorn.main import main as uvicorn_main

    def stopped(_signum: int, _frame: object) -> None:
        raise SystemExit(0)

    # uvicorn raises the SIGTERM it caught again once it has shut down: this makes that an exit
    # we can write the profile after, not the default handler's instant death.
    signal.signal(signal.SIGTERM, stopped)
    profile = cProfile.Profile()
    profile.enable()
    try:
        uvicorn_main()
    except SystemExit:
        pass
    finally:
        profile.disable()
        profile.dump_stats(f"{prefix}-{index}.prof")


if __name__ == "__main__":
    main()
