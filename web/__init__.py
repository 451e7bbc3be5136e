"""The members' web app, `dkbm web`: a second surface beside the CLI.

Members act through personal links under /m/ (`members.py`, `member_views.py`,
`member_forms.py`) without an account. What any page needs, and what a later coordinator
login can share, is apart: the app and its middleware (`app.py`, `security.py`,
`ratelimit.py`), reading a form (`forms.py`), pages and their language (`pages.py`) and the
access log that never shows a token (`logs.py`).
"""
