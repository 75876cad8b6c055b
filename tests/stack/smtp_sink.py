"""The stack run's mail server (aiosmtpd): every message the worker sends
becomes a file, so the run counts mail per recipient. It takes a moment per
message (before accepting the recipient, as a busy server does), so a worker
can be killed mid fan-out; once the data has arrived it is kept and "250 OK"
goes straight back.

    python -m tests.stack.smtp_sink PORT DIRECTORY
"""

import asyncio
import sys
import time
import uuid
from pathlib import Path

from aiosmtpd.controller import Controller

DELAY_SECONDS = 0.15


class Keep:
    def __init__(self, directory: Path):
        self.directory = directory

    async def handle_RCPT(self, server, session, envelope, address, options):
        await asyncio.sleep(DELAY_SECONDS)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        name = f"{time.time():.6f}-{uuid.uuid4().hex[:6]}.eml"
        (self.directory / name).write_bytes(envelope.content)
        return "250 OK"


def main():
    port, directory = int(sys.argv[1]), Path(sys.argv[2])
    directory.mkdir(parents=True, exist_ok=True)
    controller = Controller(Keep(directory), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
