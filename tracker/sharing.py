"""Teams and shares: who coaches whom and who shares with which physio.

`tracker.access` decides what a viewer may read from these facts; this module only manages
them (a coach creates a team, an athlete joins or leaves it, an athlete shares with a physio
until a date or revokes it) and lists them for the teams-and-sharing page.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlmodel import Session, col, select

from tracker.access import Viewer
from tracker.errors import NotFoundError, PermissionDenied, ValidationError
from tracker.models import Role, Share, Team, TeamCoach, TeamMember, User
from tracker.schemas import refuse_control_characters


def create_team(db: Session, *, viewer: Viewer, name: str) -> Team:
    if Role.COACH not in viewer.roles:
        raise PermissionDenied("only a coach can create a team")
    if not name.strip():
        raise ValidationError.single("name", "team name must not be empty")
    refuse_control_characters("name", name)
    team = Team(name=name.strip()[:80], invite_code=secrets.token_urlsafe(9)[:12])
    db.add(team)
    db.flush()
    db.add(TeamCoach(team_id=team.id, user_id=viewer.user_id))
    db.commit()
    db.refresh(team)
    return team


def join_team(db: Session, *, viewer: Viewer, invite_code: str) -> Team:
    if viewer.athlete_id is None:
        raise PermissionDenied("only an athlete can join a team")
    team = db.exec(select(Team).where(Team.invite_code == invite_code.strip())).first()
    if team is None:
        raise NotFoundError("invite code: no team has that code; check it with your coach")
    if db.get(TeamMember, (team.id, viewer.athlete_id)) is None:
        db.add(TeamMember(team_id=team.id, athlete_id=viewer.athlete_id))
        db.commit()
    return team


def leave_team(db: Session, *, viewer: Viewer, team_id: int) -> None:
    membership = db.get(TeamMember, (team_id, viewer.athlete_id)) if viewer.athlete_id else None
    if membership is not None:
        db.delete(membership)
        db.commit()


def share_with_physio(db: Session, *, viewer: Viewer, physio_username: str, ends_on: dt.date | None = None) -> Share:
    """The athlete shares their data with a physio (until `ends_on`, inclusive, if given)."""
    from tracker.auth import roles_of, username_key

    if viewer.athlete_id is None:
        raise PermissionDenied("only an athlete can share their data")
    physio = db.exec(select(User).where(User.username_key == username_key(physio_username))).first()
    if physio is None or Role.PHYSIO not in roles_of(db, user_id=physio.id):
        raise NotFoundError("physio: no physio account with that username")
    if ends_on is not None and ends_on < dt.date.today():
        raise ValidationError.single("ends_on", "the end date cannot be in the past")
    share = Share(athlete_id=viewer.athlete_id, physio_id=physio.id, ends_on=ends_on)
    db.add(share)
    db.commit()
    db.refresh(share)
    return share


def revoke_share(db: Session, *, viewer: Viewer, share_id: int) -> None:
    share = db.get(Share, share_id)
    if share is None or share.athlete_id != viewer.athlete_id:
        raise PermissionDenied("you can only revoke your own shares")
    share.revoked_at = dt.datetime.now(dt.UTC)
    db.add(share)
    db.commit()



def teams_of(db: Session, *, viewer: Viewer) -> dict[str, set[int]]:
    """The coach's teams by name, each with its athletes' ids (for the roster's team filter)."""
    query = (
        select(Team.name, TeamMember.athlete_id)
        .join(TeamCoach, col(TeamCoach.team_id) == Team.id)
        .join(TeamMember, col(TeamMember.team_id) == Team.id, isouter=True)
        .where(TeamCoach.user_id == viewer.user_id)
    )
    teams: dict[str, set[int]] = {}
    for name, athlete_id in db.exec(query).all():
        teams.setdefault(name, set()).update({athlete_id} if athlete_id else set())
    return teams



# What the teams-and-sharing page lists ------------------------------------------------------


@dataclass(frozen=True)
class ShareSummary:
    share_id: int
    physio: str
    ends_on: dt.date | None


def athlete_teams(db: Session, *, viewer: Viewer) -> list[Team]:
    """The teams the viewer's athlete profile belongs to."""
    if viewer.athlete_id is None:
        return []
    query = select(Team).join(TeamMember, col(TeamMember.team_id) == Team.id).where(TeamMember.athlete_id == viewer.athlete_id)
    return list(db.exec(query).all())


def athlete_shares(db: Session, *, viewer: Viewer) -> list[ShareSummary]:
    """The viewer's shares that are not revoked (an ended one shows until revoked, so it can be)."""
    if viewer.athlete_id is None:
        return []
    query = (
        select(Share.id, User.username, Share.ends_on)
        .join(User, col(User.id) == Share.physio_id)
        .where(Share.athlete_id == viewer.athlete_id, col(Share.revoked_at).is_(None))
    )
    return [ShareSummary(*row) for row in db.exec(query).all()]


def coached_teams(db: Session, *, viewer: Viewer) -> list[tuple[Team, int]]:
    """The teams the viewer coaches, each with how many athletes it has."""
    teams = db.exec(select(Team).join(TeamCoach, col(TeamCoach.team_id) == Team.id).where(TeamCoach.user_id == viewer.user_id)).all()
    return [(team, len(db.exec(select(TeamMember.athlete_id).where(TeamMember.team_id == team.id)).all())) for team in teams]
