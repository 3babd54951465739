"""Who may see what. Every read of health data goes through here with the viewer named.

- An athlete sees and edits their own data.
- A coach sees athletes on their teams: sessions, load, flags (triage level), phases, pain
  score and region — not pain detail, triage reasons or physio notes (only a summary a physio
  marked for the coach).
- A physio sees an athlete only while the athlete shares with them (optionally until an end
  date, and until revoked): everything, including full pain detail, red flags and notes.
- An admin manages accounts and reads no health data by that role alone.
Each granted read or export is written to the access log (which the athlete can read), and
each refusal is logged and raised as PermissionDenied. Teams and shares themselves are managed
in `tracker.sharing`; this module only decides from them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd
from sqlmodel import Session, col, or_, select

from tracker import store
from tracker.errors import PermissionDenied, ValidationError
from tracker.models import AccessLog, Athlete, ClinicalNote, Role, Share, TeamCoach, TeamMember, User
from tracker.schemas import refuse_control_characters
from tracker.science.triage import Triage
from tracker.status import AthleteReport, athlete_report


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


def require_single_user(db: Session) -> None:
    """Reading without a viewer is the single-user mode: allowed only while no account exists."""
    if db.exec(select(User.id)).first() is not None:
        raise PermissionDenied("sign in to see an athlete's data")


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


def report(db: Session, *, viewer: Viewer | None, athlete_id: int, on: dt.date, metric: str = "srpe") -> AthleteReport:
    """Load figures, triage and phases; a coach gets the triage level without its clinical
    reasons. No viewer: the single-user mode (no accounts yet) sees everything."""
    if viewer is None:
        require_single_user(db)
    else:
        require(db, viewer, athlete_id, Scope.TRAINING, "load and advice")
    athlete = store.get_athlete(db, athlete_id=athlete_id)
    result = athlete_report(db, athlete=athlete, on=on, metric=metric)
    return result if viewer is None or Scope.PAIN_DETAIL in scopes(db, viewer, athlete_id) else cut_for_coach(result)


def roster(db: Session, *, viewer: Viewer | None, athlete_ids: list[int], on: dt.date, metric: str = "srpe") -> pd.DataFrame:
    """The squad's rows (`tracker.roster`: stored status, one query) for athletes the viewer
    may see; no viewer is the single-user mode. Rows carry triage levels and pain scores, never
    the clinical reasons, so a coach's roster needs no cut."""
    from tracker.roster import roster as squad_rows

    if viewer is None:
        require_single_user(db)
    else:
        hidden = set(athlete_ids) - {a.id for a in visible_athletes(db, viewer=viewer)}
        if hidden:
            _log(db, viewer, None, "denied", "roster")
            raise PermissionDenied("you do not have access to every athlete asked for")
    return squad_rows(db, athlete_ids=athlete_ids, on=on, metric=metric)


def cut_for_coach(result: AthleteReport) -> AthleteReport:
    """The report with the triage level kept and its clinical reasons replaced by a note, and
    the phases without the actions drawn from the lifter's pain detail."""
    level_only = Triage(result.advice.triage.level, [COACH_TRIAGE_NOTE])
    phases = [dataclasses.replace(phase, personal=[]) for phase in result.advice.phases]
    return dataclasses.replace(result, advice=dataclasses.replace(result.advice, triage=level_only, phases=phases))


def trends_detail(db: Session, *, viewer: Viewer | None, athlete_id: int) -> bool:
    """Check (and log) that `viewer` may see this athlete's trends; True when those include
    pain detail. `viewer` None is the one local user, allowed only while no account exists.
    Whatever the dates shown, the trends view is assembled with this answer
    (`tracker.views.trends_view(pain_detail=...)`), so a coach never gets the clinical cut."""
    if viewer is None:
        if db.exec(select(User.id)).first() is None:
            return True
        raise PermissionDenied("sign in to see training data")
    require(db, viewer, athlete_id, Scope.TRAINING, "trends")
    return Scope.PAIN_DETAIL in scopes(db, viewer, athlete_id)


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


# Writes: teams, shares, notes ---------------------------------------------------------------


def add_clinical_note(db: Session, *, viewer: Viewer, athlete_id: int, body: str, coach_summary: str | None = None) -> ClinicalNote:
    if Role.PHYSIO not in viewer.roles or Scope.CLINICAL_NOTES not in scopes(db, viewer, athlete_id):
        _log(db, viewer, athlete_id, "denied", "clinical note")
        raise PermissionDenied("only a physio this athlete shares with can write clinical notes")
    if not body.strip():
        raise ValidationError.single("body", "the note must not be empty")
    refuse_control_characters("body", body, newlines=True)
    refuse_control_characters("coach_summary", coach_summary or "", newlines=True)
    note = ClinicalNote(athlete_id=athlete_id, author_id=viewer.user_id, body=body.strip(), coach_summary=(coach_summary or "").strip() or None)
    db.add(note)
    db.commit()
    db.refresh(note)
    return note


def record_clearance(db: Session, *, viewer: Viewer | None, athlete_id: int, data: dict):
    """Record "assessed, cleared to train": a physio the athlete shares with, or — in
    single-user mode, before any account exists — the lifter, saying who assessed them and when.
    A physio's name defaults to their username. The write is logged in the athlete's access log."""
    if viewer is None:
        if db.exec(select(User.id)).first() is not None:
            raise PermissionDenied("sign in as a physio this athlete shares with to record a clearance")
        return store.record_clearance(db, athlete_id=athlete_id, data=data)
    if Role.PHYSIO not in viewer.roles or Scope.CLINICAL_NOTES not in scopes(db, viewer, athlete_id):
        _log(db, viewer, athlete_id, "denied", "clearance")
        raise PermissionDenied("only a physio this athlete shares with can record a clearance")
    from tracker.auth import get_user

    data = {**data, "assessed_by": (data.get("assessed_by") or "").strip() or get_user(db, user_id=viewer.user_id).username}
    clearance = store.record_clearance(db, athlete_id=athlete_id, data=data, recorded_by_id=viewer.user_id)
    _log(db, viewer, athlete_id, "edit", "clearance")
    return clearance


def clearances(db: Session, *, viewer: Viewer | None, athlete_id: int):
    """The athlete's clearances (clinical detail: the athlete and physios with access)."""
    if viewer is not None:
        require(db, viewer, athlete_id, Scope.PAIN_DETAIL, "clearances")
    return store.list_clearances(db, athlete_id=athlete_id)


def save_back_screen(db: Session, *, viewer: Viewer | None, athlete_id: int, yes: set):
    """The athlete's own answers to the back-pain screen."""
    _require_owner(db, viewer, athlete_id, "back-pain screen")
    return store.save_back_screen(db, athlete_id=athlete_id, data={"yes": yes})


def back_screen(db: Session, *, viewer: Viewer | None, athlete_id: int):
    if viewer is not None:
        require(db, viewer, athlete_id, Scope.PAIN_DETAIL, "back-pain screen")
    return store.get_back_screen(db, athlete_id=athlete_id)


def report_pain(db: Session, *, viewer: Viewer | None, athlete_id: int, data):
    """A back check-in on its own (a rest day): nothing is added to load."""
    _require_owner(db, viewer, athlete_id, "pain reports")
    return store.add_pain(db, athlete_id=athlete_id, data=data)


#: Every read of health data: the test suite checks each against every role.
READS = (sessions, sets, pain, report, trends_detail, clinical_notes, access_log, export, clearances, back_screen, session_draft, personal_bests)


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


def import_export_files(db: Session, *, viewer: Viewer | None, athlete_id: int, texts: dict[str, str]):
    """A tracker export (tracker.exchange) into the athlete's own log."""
    from tracker.exchange import import_native

    _require_owner(db, viewer, athlete_id, "imported export")
    return import_native(db, athlete_id=athlete_id, texts=texts)


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


# Squad: availability, daily wellness, team load ----------------------------------------------
# One place for who may set availability, read wellness and import a squad's load.


def _local_user(db: Session, viewer: Viewer | None) -> bool:
    """Single-user mode: no account exists, so the person at this machine is coach and physio."""
    return viewer is None and db.exec(select(User.id)).first() is None


def _any_active_physio(db: Session, athlete_id: int) -> bool:
    shares = db.exec(select(Share.physio_id).where(Share.athlete_id == athlete_id)).all()
    return any(active_share(db, physio_id=physio_id, athlete_id=athlete_id) for physio_id in set(shares))


def may_set_availability(db: Session, *, viewer: Viewer | None, athlete_id: int) -> bool:
    """A physio the athlete shares with; or, when no physio has an active share, a coach of the
    athlete's team; or the local user. Never the athlete alone (they read it)."""
    if viewer is None:
        return _local_user(db, viewer)
    if Role.PHYSIO in viewer.roles and active_share(db, physio_id=viewer.user_id, athlete_id=athlete_id):
        return True
    return _coaches(db, viewer, athlete_id) and not _any_active_physio(db, athlete_id)


def set_availability(db: Session, *, viewer: Viewer | None, athlete_id: int, data):
    from tracker import availability as availability_store

    if not may_set_availability(db, viewer=viewer, athlete_id=athlete_id):
        if viewer is not None:
            _log(db, viewer, athlete_id, "denied", "availability")
        raise PermissionDenied("only the athlete's physio (or, without one, their coach) can set availability")
    return availability_store.set_availability(db, athlete_id=athlete_id, data=data, set_by=viewer.user_id if viewer else None)


def availability(db: Session, *, viewer: Viewer, athlete_id: int, start: dt.date | None = None, end: dt.date | None = None) -> pd.DataFrame:
    """The availability history (newest first): the athlete, their coaches and physios read it."""
    from tracker.availability import availability_history

    require(db, viewer, athlete_id, Scope.TRAINING, "availability")
    return availability_history(db, athlete_id=athlete_id, start=start, end=end)


def wellness(db: Session, *, viewer: Viewer, athlete_id: int, start: dt.date | None = None, end: dt.date | None = None) -> pd.DataFrame:
    """Daily wellness answers: the athlete, their coaches and physios (no clinical detail in it)."""
    from tracker.wellness import wellness_frame

    require(db, viewer, athlete_id, Scope.TRAINING, "wellness")
    return wellness_frame(db, athlete_id=athlete_id, start=start, end=end)


def record_wellness(db: Session, *, viewer: Viewer | None, athlete_id: int, data):
    from tracker.wellness import record_wellness as store_wellness

    _require_owner(db, viewer, athlete_id, "wellness")
    return store_wellness(db, athlete_id=athlete_id, data=data)


def may_import_team(db: Session, *, viewer: Viewer | None, athlete_ids: list[int]) -> bool:
    """A squad file is imported by a coach of every athlete it writes to (or the local user);
    an athlete imports their own history through `import_history` instead."""
    if viewer is None:
        return _local_user(db, viewer)
    return Role.COACH in viewer.roles and all(_coaches(db, viewer, athlete_id) for athlete_id in athlete_ids)


def import_team(db: Session, *, viewer: Viewer | None, data: bytes, mapping: dict[str, int | None], **options):
    from tracker.importers.team import run_team_import

    targets = sorted({athlete_id for athlete_id in mapping.values() if athlete_id is not None})
    if not may_import_team(db, viewer=viewer, athlete_ids=targets):
        if viewer is not None:
            for athlete_id in targets:
                _log(db, viewer, athlete_id, "denied", "team import")
        raise PermissionDenied("only a coach of every athlete in the mapping can import a squad file for them")
    return run_team_import(db, data=data, mapping=mapping, **options)


READS = (*READS, availability, wellness)
