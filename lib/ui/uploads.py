"""The FTP upload buttons of the workbench and the duty desk ([source.ftp.upload]), shown only when
[source] kind = "ftp": one press builds the document, uploads it (lib.out.ftp_upload) and shows one
message, success with the path it got, or the failure with the server's reply."""
from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from lib.out.ftp_upload import target, upload_document
from lib.ui.context import PageContext
from lib.ui.safe import literal


def upload_button(ctx: PageContext, what: str, build: Callable[[], bytes], key: str, group: str = "") -> None:
    """A button that uploads the document `what` of the page's day (built only when pressed)."""
    if ctx.settings.source_kind != "ftp":
        return
    try:
        folder, name = target(ctx.settings, what, ctx.day, group)
    except (KeyError, ValueError, IndexError):   # a wrong placeholder: the press says so
        folder, name = "?", "?"
    if st.button(ctx.t(f"upload.{what}"), key=key, icon=":material/upload:",
                 help=ctx.t("upload.help", folder=f"{folder}/{name}")):
        with st.spinner(ctx.t(f"upload.{what}")):
            r = upload_document(ctx.settings, what, ctx.day, build(), group=group)
        text = literal(r.zh if ctx.lang == "zh" else r.en)
        if r.ok:
            st.success(text, icon=":material/check_circle:")
        else:
            st.error(text)
