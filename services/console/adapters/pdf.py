"""Print an HTML file to PDF with headless Chromium (Debian's `chromium`), as a browser
would print it: the same page the board reads on screen, on A4."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

DEFAULT_CHROMIUM = "/usr/bin/chromium"


class PdfFailed(Exception):
    """Chromium is missing or could not print the page."""


def chromium_path() -> str:
    """`ONECOUNCIL_CHROMIUM`, or Debian's chromium, or whichever is on PATH."""
    wanted = os.environ.get("ONECOUNCIL_CHROMIUM") or DEFAULT_CHROMIUM
    found = wanted if Path(wanted).exists() else shutil.which("chromium")
    if not found:
        raise PdfFailed(
            "printing to PDF needs Chromium: install Debian's chromium or set ONECOUNCIL_CHROMIUM"
        )
    return found


def print_to_pdf(html: Path, pdf: Path, timeout_s: float = 120) -> Path:
    """Print the HTML file to `pdf`; return it."""
    command = [
        chromium_path(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--no-pdf-header-footer", f"--print-to-pdf={pdf.resolve()}", html.resolve().as_uri(),
    ]  # fmt: skip
    try:
        done = subprocess.run(command, capture_output=True, timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired:
        raise PdfFailed(f"Chromium did not finish printing within {timeout_s:g} s") from None
    if done.returncode != 0 or not pdf.exists():
        tail = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
        raise PdfFailed(f"Chromium could not print the report: {tail[0]}")
    return pdf
