"""Real-browser tests of the built course (Playwright driving Debian's Chromium)."""
