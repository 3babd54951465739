"""The accounts world the role tests share: demo athletes with accounts, a team and a share."""

from sqlmodel import Session

from tracker import access, auth, sharing, store
from tracker.models import Role

PASSWORD = "a long enough password"


def build_club(db: Session) -> None:
    """On a database holding the demo athletes: an admin (first, so admin); Alex's, Drew's and
    Casey's own accounts; a coach (coach@club.org) of "Barbell club" with Alex and Drew; a physio
    Casey shares with; a physio nobody shares with ("lonely")."""
    ids = {a.name: a.id for a in store.list_athletes(db)}
    auth.create_account(db, username="admin", password=PASSWORD, roles=set())
    accounts = {
        "alex": auth.create_account(db, username="alex", password=PASSWORD, athlete_id=ids["Alex Ramp"]),
        "drew": auth.create_account(db, username="drew", password=PASSWORD, athlete_id=ids["Drew Leg"]),
        "casey": auth.create_account(db, username="casey", password=PASSWORD, athlete_id=ids["Casey Steady"]),
        "coach": auth.create_account(db, username="coach", password=PASSWORD, roles={Role.COACH}, email="coach@club.org"),
        "physio": auth.create_account(db, username="physio", password=PASSWORD, roles={Role.PHYSIO}),
        "lonely": auth.create_account(db, username="lonely", password=PASSWORD, roles={Role.PHYSIO}),
    }
    viewer = {name: access.viewer_for(db, user_id=user.id) for name, user in accounts.items()}
    team = sharing.create_team(db, viewer=viewer["coach"], name="Barbell club")
    for athlete in ("alex", "drew"):
        sharing.join_team(db, viewer=viewer[athlete], invite_code=team.invite_code)
    sharing.share_with_physio(db, viewer=viewer["casey"], physio_username="physio")
