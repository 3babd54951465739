"""The accounts world the role tests share: demo athletes with accounts, a team and a share;
and a dashboard (AppTest) signed in as one of them."""

from pathlib import Path

from sqlmodel import Session

from tracker import access, auth, sharing, store
from tracker.models import Role, User

PASSWORD = "a long enough password"
APP = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")


def claimed_account(db: Session, *, admin_id: int, username: str, athlete_id: int, password: str = PASSWORD) -> User:
    """An account linked to an existing athlete profile the only way there is: the admin
    creates it and issues a claim code, and the person redeems it with their own password."""
    user = auth.create_account(db, username=username, password=None)
    code = auth.issue_code(db, by_user_id=admin_id, user_id=user.id, athlete_id=athlete_id)
    return auth.redeem_code(db, username=username, code=code, new_password=password)


def build_club(db: Session) -> None:
    """On a database holding the demo athletes: an admin (first, so admin); Alex's, Drew's and
    Casey's own accounts; a coach (coach@club.org) of "Barbell club" with Alex and Drew; a physio
    Casey shares with; a physio nobody shares with ("lonely")."""
    ids = {a.name: a.id for a in store.list_athletes(db)}
    admin = auth.create_account(db, username="admin", password=PASSWORD, roles=set())
    accounts = {
        "alex": claimed_account(db, admin_id=admin.id, username="alex", athlete_id=ids["Alex Ramp"]),
        "drew": claimed_account(db, admin_id=admin.id, username="drew", athlete_id=ids["Drew Leg"]),
        "casey": claimed_account(db, admin_id=admin.id, username="casey", athlete_id=ids["Casey Steady"]),
        "coach": auth.create_account(db, username="coach", password=PASSWORD, roles={Role.COACH}, email="coach@club.org"),
        "physio": auth.create_account(db, username="physio", password=PASSWORD, roles={Role.PHYSIO}),
        "lonely": auth.create_account(db, username="lonely", password=PASSWORD, roles={Role.PHYSIO}),
    }
    viewer = {name: access.viewer_for(db, user_id=user.id) for name, user in accounts.items()}
    team = sharing.create_team(db, viewer=viewer["coach"], name="Barbell club")
    for athlete in ("alex", "drew"):
        sharing.join_team(db, viewer=viewer[athlete], invite_code=team.invite_code)
    sharing.share_with_physio(db, viewer=viewer["casey"], physio_username="physio")


def signed_in_app(monkeypatch, url: str, username: str, password: str = PASSWORD):
    """The dashboard (AppTest) with the sign-in cookie of `username`, as a browser holds it
    after `tracker.signin`'s route: the token is real and checked on every run; only its
    transport is stood in for, since AppTest cannot carry cookies (the browser tests do)."""
    from streamlit.testing.v1 import AppTest

    from tracker import signin, ui
    from tracker.db import URL_VARIABLE, open_engine

    engine = open_engine(url)
    with Session(engine) as db:
        user = auth.authenticate(db, username=username, password=password)
        token = signin.issue_token(engine, user.id, user.session_epoch)
    engine.dispose()
    monkeypatch.setenv(URL_VARIABLE, url)
    monkeypatch.setattr(ui, "_session_token", lambda: token)
    app = AppTest.from_file(APP, default_timeout=120)
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app
