"""Who may see what. Every read of health data goes through here with the viewer named.

- An athlete sees and edits their own data.
- A coach sees athletes on their teams: sessions, load, flags (triage level), phases, pain
  score and region — not pain detail, triage reasons or physio notes (only a summary a physio
  marked for the coach).
- A physio sees an athlete only while the athlete shares with them (optionally until an end
  date, and until revoked): everything, including full pain detail, red flags and notes.
- An admin manages accounts and reads no health data by that role alone.
Each granted read or export is written to the access log (which the athlete can read), and
each refusal is logged and raised as PermissionDenied.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd
from sqlmodel import Session, col, or_, select

from tracker import store
from tracker.errors import NotFoundError, PermissionDenied, ValidationError
from tracker.models import AccessLog, Athlete, ClinicalNote, Role, Share, Team, TeamCoach, TeamMember, User
from tracker.status import AthleteReport, athlete_report
from tracker.science.triage import Triage


class Scope(StrEnum):
    TRAINING = "training"  # sessions, sets, load figures, triage level, phases
    PAIN_SUMMARY = "pain summary"  # pain score, date and region
    PAIN_DETAIL = "pain detail"  # features, red flags, triage reasons, notes on reports
    CLINICAL_NOTES = "clinical notes"
    COACH_SUMMARY = "coach summary"  # the part of a clinical note a physio marked for the coach
    ACCESS_LOG = "access log"
    EDIT = "edit"  # write the athlete's own sessions and pain


OWNER_ONLY = {Scope.ACCESS_LOG, Scope.EDIT}
COACH_SCOPES = {Scope.TRAINING, Scope.PAIN_SUMMARY, Scope.COACH_SUMMARY}
PHYSIO_SCOPES = {Scope.TRAINING, Scope.PAIN_SUMMARY, Scope.PAIN_DETAIL, Scope.CLINICAL_NOTES, Scope.COACH_SUMMARY}
PAIN_SUMMARY_COLUMNS = ["pain_id", "recorded_at", "date", "pain", "region"]
COACH_TRIAGE_NOTE = "Details are visible to the athlete and the physio they share with."


@dataclass(frozen=True)
class Viewer:
    user_id: int
    roles: frozenset[Role]
    athlete_id: int | None  # the viewer's own athlete profile, if they train


def viewer_for(db: Session, *, user_id: int) -> Viewer:
    from tracker.auth import get_user, roles_of

    user = get_user(db, user_id=user_id)
    return Viewer(user.id, roles_of(db, user_id=user.id), user.athlete_id)


def _coaches(db: Session, viewer: Viewer, athlete_id: int) -> bool:
    if Role.COACH not in viewer.roles:
        return False
    query = (
        select(TeamMember.athlete_id)
        .join(TeamCoach, col(TeamCoach.team_id) == TeamMember.team_id)
        .where(TeamCoach.user_id == viewer.user_id, TeamMember.athlete_id == athlete_id)
    )
    return db.exec(query).first() is not None


def active_share(db: Session, *, physio_id: int, athlete_id: int, today: dt.date | None = None) -> Share | None:
    today = today or dt.date.today()
    query = select(Share).where(
        Share.physio_id == physio_id,
        Share.athlete_id == athlete_id,
        col(Share.revoked_at).is_(None),
        or_(col(Share.ends_on).is_(None), col(Share.ends_on) >= today),
    )
    return db.exec(query).first()


def scopes(db: Session, viewer: Viewer, athlete_id: int, today: dt.date | None = None) -> set[Scope]:
    """Everything `viewer` may do with this athlete's data today."""
    if viewer.athlete_id == athlete_id:
        return set(Scope)
    allowed: set[Scope] = set()
    if _coaches(db, viewer, athlete_id):
        allowed |= COACH_SCOPES
    if Role.PHYSIO in viewer.roles and active_share(db, physio_id=viewer.user_id, athlete_id=athlete_id, today=today):
        allowed |= PHYSIO_SCOPES
    return allowed


def _log(db: Session, viewer: Viewer, athlete_id: int | None, action: str, what: str) -> None:
    db.add(AccessLog(viewer_id=viewer.user_id, athlete_id=athlete_id, action=action, what=what))
    db.commit()


def require(db: Session, viewer: Viewer, athlete_id: int, scope: Scope, what: str, *, action: str = "view") -> None:
    """Allow, logging the access; or log the refusal and raise PermissionDenied."""
    if scope in scopes(db, viewer, athlete_id):
        if viewer.athlete_id != athlete_id:  # an athlete reading their own log is not an event
            _log(db, viewer, athlete_id, action, what)
        return
    _log(db, viewer, athlete_id, "denied", what)
    raise PermissionDenied(f"you do not have access to this athlete's {what}")


# Reads --------------------------------------------------------------------------------------


def visible_athletes(db: Session, *, viewer: Viewer) -> list[Athlete]:
    """The athletes whose training `viewer` may see: self, team members, athletes sharing."""
    ids: set[int] = {viewer.athlete_id} if viewer.athlete_id else set()
    if Role.COACH in viewer.roles:
        ids |= set(
            db.exec(select(TeamMember.athlete_id).join(TeamCoach, col(TeamCoach.team_id) == TeamMember.team_id).where(TeamCoach.user_id == viewer.user_id)).all()
        )
    if Role.PHYSIO in viewer.roles:
        shares = db.exec(select(Share.athlete_id).where(Share.physio_id == viewer.user_id)).all()
        ids |= {a for a in shares if active_share(db, physio_id=viewer.user_id, athlete_id=a)}
    return [a for a in store.list_athletes(db) if a.id in ids]


def sessions(db: Session, *, viewer: Viewer, athlete_id: int, start: dt.date | None = None, end: dt.date | None = None) -> pd.DataFrame:
    require(db, viewer, athlete_id, Scope.TRAINING, "sessions")
    return store.sessions_frame(db, athlete_id=athlete_id, start=start, end=end)


def sets(db: Session, *, viewer: Viewer, athlete_id: int, start: dt.date | None = None, end: dt.date | None = None) -> pd.DataFrame:
    require(db, viewer, athlete_id, Scope.TRAINING, "sets")
    return store.sets_frame(db, athlete_id=athlete_id, start=start, end=end)


def pain(db: Session, *, viewer: Viewer, athlete_id: int, start: dt.date | None = None, end: dt.date | None = None) -> pd.DataFrame:
    """Full pain reports for the athlete and physios with access; score, date and region for coaches."""
    allowed = scopes(db, viewer, athlete_id)
    frame = store.pain_frame(db, athlete_id=athlete_id, start=start, end=end)
    if Scope.PAIN_DETAIL in allowed:
        require(db, viewer, athlete_id, Scope.PAIN_DETAIL, "pain reports")
        return frame
    require(db, viewer, athlete_id, Scope.PAIN_SUMMARY, "pain scores")
    return frame[PAIN_SUMMARY_COLUMNS]


def report(db: Session, *, viewer: Viewer, athlete_id: int, on: dt.date, metric: str = "srpe") -> AthleteReport:
    """Load figures, triage and phases; a coach gets the triage level without its clinical reasons."""
    require(db, viewer, athlete_id, Scope.TRAINING, "load and advice")
    athlete = store.get_athlete(db, athlete_id=athlete_id)
    result = athlete_report(db, athlete=athlete, on=on, metric=metric)
    if Scope.PAIN_DETAIL in scopes(db, viewer, athlete_id):
        return result
    level_only = Triage(result.advice.triage.level, [COACH_TRIAGE_NOTE])
    return dataclasses.replace(result, advice=dataclasses.replace(result.advice, triage=level_only))


def clinical_notes(db: Session, *, viewer: Viewer, athlete_id: int) -> list[ClinicalNote]:
    """Whole notes for the athlete and physios with access; for a coach, only the summaries
    a physio marked for them (returned as notes whose body is that summary)."""
    allowed = scopes(db, viewer, athlete_id)
    notes = db.exec(select(ClinicalNote).where(ClinicalNote.athlete_id == athlete_id).order_by(ClinicalNote.written_at)).all()
    if Scope.CLINICAL_NOTES in allowed:
        require(db, viewer, athlete_id, Scope.CLINICAL_NOTES, "clinical notes")
        return list(notes)
    require(db, viewer, athlete_id, Scope.COACH_SUMMARY, "physio summaries")
    return [ClinicalNote(id=n.id, athlete_id=n.athlete_id, author_id=n.author_id, written_at=n.written_at, body=n.coach_summary) for n in notes if n.coach_summary]


def access_log(db: Session, *, viewer: Viewer, athlete_id: int) -> list[AccessLog]:
    """Who opened or exported the athlete's data: for the athlete alone."""
    require(db, viewer, athlete_id, Scope.ACCESS_LOG, "access log")
    return list(db.exec(select(AccessLog).where(AccessLog.athlete_id == athlete_id).order_by(col(AccessLog.at).desc())).all())


def export(db: Session, *, viewer: Viewer, athlete_id: int) -> dict[str, str]:
    """The athlete's export files (tracker.exchange), for the athlete or a physio with access."""
    from tracker.exchange import export_files

    require(db, viewer, athlete_id, Scope.PAIN_DETAIL, "data export", action="export")
    return export_files(db, athlete_id=athlete_id)


def session_draft(db: Session, *, viewer: Viewer | None, athlete_id: int) -> dict | None:
    """The session the athlete is logging and has not saved (it may hold pain answers)."""
    from tracker import drafts

    _require_owner(db, viewer, athlete_id, "session draft")
    return drafts.load_draft(db, athlete_id=athlete_id)


def personal_bests(db: Session, *, viewer: Viewer | None, athlete_id: int, session_id: int):
    """The records one session set (tracker.records), for whoever may see the athlete's training."""
    from tracker.records import session_records

    if viewer is not None:
        require(db, viewer, athlete_id, Scope.TRAINING, "personal bests")
    return session_records(db, athlete_id=athlete_id, session_id=session_id)


#: Every read above: the test suite checks each against every role.
READS = (sessions, sets, pain, report, clinical_notes, access_log, export, session_draft)


# Writes: teams, shares, notes ---------------------------------------------------------------


def create_team(db: Session, *, viewer: Viewer, name: str) -> Team:
    if Role.COACH not in viewer.roles:
        raise PermissionDenied("only a coach can create a team")
    if not name.strip():
        raise ValidationError.single("name", "team name must not be empty")
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


def add_clinical_note(db: Session, *, viewer: Viewer, athlete_id: int, body: str, coach_summary: str | None = None) -> ClinicalNote:
    if Role.PHYSIO not in viewer.roles or Scope.CLINICAL_NOTES not in scopes(db, viewer, athlete_id):
        _log(db, viewer, athlete_id, "denied", "clinical note")
        raise PermissionDenied("only a physio this athlete shares with can write clinical notes")
    if not body.strip():
        raise ValidationError.single("body", "the note must not be empty")
    note = ClinicalNote(athlete_id=athlete_id, author_id=viewer.user_id, body=body.strip(), coach_summary=(coach_summary or "").strip() or None)
    db.add(note)
    db.commit()
    db.refresh(note)
    return note


def require_admin(db: Session, *, viewer: Viewer | None) -> None:
    """Account management: admins only (or the one local user, before any account exists)."""
    if viewer is None:
        if db.exec(select(User.id)).first() is None:
            return
        raise PermissionDenied("sign in as an admin to manage accounts")
    if Role.ADMIN not in viewer.roles:
        _log(db, viewer, None, "denied", "account management")
        raise PermissionDenied("only an admin can manage accounts")


# Writes to an athlete's own log --------------------------------------------------------------


def _require_owner(db: Session, viewer: Viewer | None, athlete_id: int, what: str) -> None:
    """Only the athlete writes their log (or the one local user, before accounts exist)."""
    if viewer is None:
        if db.exec(select(User.id)).first() is None:
            return
        raise PermissionDenied("sign in to change training data")
    require(db, viewer, athlete_id, Scope.EDIT, what, action="edit")


def log_session(db: Session, *, viewer: Viewer | None, athlete_id: int, data, pain=None):
    _require_owner(db, viewer, athlete_id, "sessions")
    return store.add_session(db, athlete_id=athlete_id, data=data, pain=pain)


def change_session(db: Session, *, viewer: Viewer | None, session_id: int, data):
    _require_owner(db, viewer, store.get_session(db, session_id=session_id).athlete_id, "sessions")
    return store.update_session(db, session_id=session_id, data=data)


def remove_session(db: Session, *, viewer: Viewer | None, session_id: int) -> None:
    _require_owner(db, viewer, store.get_session(db, session_id=session_id).athlete_id, "sessions")
    store.delete_session(db, session_id=session_id)


def record_checkin(db: Session, *, viewer: Viewer | None, athlete_id: int, day: dt.date, answers: dict):
    from tracker import checkin

    _require_owner(db, viewer, athlete_id, "weekly check-in")
    return checkin.record_checkin(db, athlete_id=athlete_id, day=day, answers=answers)


def import_history(db: Session, *, viewer: Viewer | None, athlete_id: int, **options):
    from tracker.importers.engine import run_import

    _require_owner(db, viewer, athlete_id, "imported history")
    return run_import(db, athlete_id=athlete_id, **options)


def keep_session_draft(db: Session, *, viewer: Viewer | None, athlete_id: int, draft: dict) -> None:
    from tracker import drafts

    _require_owner(db, viewer, athlete_id, "session draft")
    drafts.save_draft(db, athlete_id=athlete_id, draft=draft)


def discard_session_draft(db: Session, *, viewer: Viewer | None, athlete_id: int) -> None:
    from tracker import drafts

    _require_owner(db, viewer, athlete_id, "session draft")
    drafts.discard_draft(db, athlete_id=athlete_id)


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


# What the teams-and-sharing page lists -------------------------------------------------------


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
