"""Opening a link in a browser, and saying so when there is none.

What Textual's ``App.open_url`` does, except that in a terminal a missing browser is
said, not ignored. The link is shown cleaned: a feed's link may hold escape sequences,
which never go raw to the terminal.
"""

from __future__ import annotations

import webbrowser

from textual.app import App

from reader.text.normalise import clean_line


def open_link(app: App, url: str) -> None:
    shown = clean_line(url)
    if app.is_web:  # the browser the app is served to opens it
        app.open_url(url)
    else:
        try:
            opened = webbrowser.open(url)
        except webbrowser.Error:
            opened = False
        if not opened:
            app.notify(f"No web browser found to open {shown}", severity="warning", timeout=5, markup=False)
            return
    app.notify(f"Opening {shown}", timeout=3, markup=False)
