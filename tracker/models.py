"""Database tables (SQLModel). The vocabularies their text columns draw from live in `tracker.vocab`.

Tables hold what was logged plus the per-session loads derived from it; every rule about
what may be written lives in `tracker.schemas` and `tracker.store`, not here.
Weights are stored in kilograms whatever unit the lifter logs in.
"""

import datetime as dt
from enum import StrEnum

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlmodel import Field, Relationship, SQLModel

from tracker.vocab import Feature, Pattern, RedFlag, SetKind, Unit


def _text(length: int, **kwargs) -> dict:
    """Column options for an enum stored as plain text (portable across databases)."""
    return {"sa_type": String(length), **kwargs}


class Athlete(SQLModel, table=True):
    """A lifter. Deleting one lets the database cascade to their rows (passive deletes)."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80)
    # Lower-cased, space-folded name: unique, so "alex ramp" finds "Alex Ramp".
    name_key: str = Field(max_length=80, unique=True, index=True)
    unit: str = Field(default=Unit.KG, **_text(2))
    birth_year: int | None = None
    body_mass_kg: float | None = None
    created_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))
    # Bumped by every write to this athlete's sessions, pain or check-ins: the dashboard's cache key.
    data_version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})

    sessions: list["TrainingSession"] = Relationship(back_populates="athlete", cascade_delete=True, passive_deletes=True)
    pain_entries: list["PainEntry"] = Relationship(back_populates="athlete", cascade_delete=True, passive_deletes=True)


class Exercise(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=120)
    name_key: str = Field(max_length=120, unique=True, index=True)
    pattern: str = Field(default=Pattern.OTHER, **_text(16))
    spinal_load: bool = False


class TrainingSession(SQLModel, table=True):
    """One workout. The load columns are derived from its sets and rewritten on every save."""

    __tablename__ = "training_session"

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = Field(
        sa_column=Column(Integer, ForeignKey("athlete.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    date: dt.date = Field(index=True)
    start_time: dt.time | None = None
    name: str | None = Field(default=None, max_length=80)
    # Where it came from: "manual", or the app it was imported from ("strong", "hevy",
    # "fitnotes", "native") with that app's key for the workout, so a re-import finds it.
    source: str = Field(default="manual", max_length=12, sa_column_kwargs={"server_default": "manual"})
    source_key: str | None = Field(default=None, max_length=200, index=True)
    duration_min: int | None = None
    rpe: float | None = None
    notes: str | None = None
    sleep_hours: float | None = None
    sleep_quality: int | None = None
    stress: int | None = None
    soreness: int | None = None

    # Derived, kept in step with the sets by tracker.store (see tracker.loads).
    srpe_load: float | None = None
    tonnage: float = 0.0
    spinal_tonnage: float = 0.0
    hard_sets: int = 0

    athlete: Athlete | None = Relationship(back_populates="sessions")
    sets: list["ExerciseSet"] = Relationship(
        back_populates="session",
        cascade_delete=True,
        passive_deletes=True,
        sa_relationship_kwargs={"order_by": "ExerciseSet.position"},
    )


class ExerciseSet(SQLModel, table=True):
    __tablename__ = "exercise_set"

    id: int | None = Field(default=None, primary_key=True)
    session_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("training_session.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    exercise_id: int = Field(foreign_key="exercise.id", index=True)
    position: int
    reps: int
    weight_kg: float = 0.0
    rpe: float | None = None
    rir: int | None = None
    kind: str = Field(default=SetKind.WORKING, **_text(8))
    distance_km: float | None = None  # cardio rows: no tonnage, kept all the same
    seconds: float | None = None  # cardio time or a timed hold
    # Imported sets: a stable digest of the source row, so importing it again adds nothing.
    fingerprint: str | None = Field(default=None, max_length=64, unique=True, index=True)

    session: TrainingSession | None = Relationship(back_populates="sets")
    exercise: Exercise | None = Relationship()


class PainEntry(SQLModel, table=True):
    __tablename__ = "pain_entry"

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = Field(
        sa_column=Column(Integer, ForeignKey("athlete.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    # Local wall-clock time as the lifter lived it (naive): "next morning" stays on its day.
    recorded_at: dt.datetime = Field(sa_type=DateTime, index=True)
    pain: int
    region: str = Field(**_text(24))
    quality: str | None = Field(default=None, **_text(20))
    timing: str | None = Field(default=None, **_text(20))
    session_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("training_session.id", ondelete="SET NULL"), nullable=True),
    )
    notes: str | None = None

    # Features (Feature values)
    below_knee: bool = False
    pins_and_needles: bool = False
    one_leg_weakness: bool = False
    worse_sitting: bool = False
    worse_bending: bool = False
    worse_arching: bool = False
    eases_with_movement: bool = False

    # Red flags (RedFlag values)
    saddle_numbness: bool = False
    bladder_bowel_change: bool = False
    both_legs_weak_or_numb: bool = False
    fever_or_unwell: bool = False
    constant_pain: bool = False
    recent_trauma: bool = False

    athlete: Athlete | None = Relationship(back_populates="pain_entries")

    @property
    def features(self) -> list[Feature]:
        return [feature for feature in Feature if getattr(self, feature.value)]

    @property
    def red_flags(self) -> list[RedFlag]:
        return [flag for flag in RedFlag if getattr(self, flag.value)]


class AppSetting(SQLModel, table=True):
    """Named settings stored as JSON text (e.g. the advice thresholds a coach has changed)."""

    __tablename__ = "app_setting"

    key: str = Field(primary_key=True, max_length=40)
    value: str


class ExerciseAlias(SQLModel, table=True):
    """An athlete's own name for an exercise in an imported file, remembered for next time."""

    __tablename__ = "exercise_alias"
    __table_args__ = (UniqueConstraint("athlete_id", "name_key"),)

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = Field(sa_column=Column(Integer, ForeignKey("athlete.id", ondelete="CASCADE"), nullable=False))
    name_key: str = Field(max_length=120)
    exercise_id: int = Field(foreign_key="exercise.id")


# Accounts, teams, sharing and the access log ----------------------------------------------


class Role(StrEnum):
    ATHLETE = "athlete"
    COACH = "coach"
    PHYSIO = "physio"
    ADMIN = "admin"


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class User(SQLModel, table=True):
    """A person who signs in. An athlete account is linked to its athlete profile."""

    __tablename__ = "app_user"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=80)
    username_key: str = Field(max_length=80, unique=True, index=True)
    email: str | None = Field(default=None, max_length=254, unique=True, index=True)  # OIDC accounts match on it
    password_hash: str | None = Field(default=None, max_length=255)  # None: signs in through the identity provider only
    athlete_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("athlete.id", ondelete="SET NULL"), nullable=True, unique=True)
    )
    # Bumped by "sign out everywhere": every remembered sign-in issued before is refused.
    session_epoch: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    disabled: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    created_at: dt.datetime = Field(default_factory=_utc_now)


class UserRole(SQLModel, table=True):
    __tablename__ = "user_role"

    user_id: int = Field(sa_column=Column(Integer, ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True))
    role: str = Field(primary_key=True, max_length=8)


class LoginAttempt(SQLModel, table=True):
    """Every sign-in try, kept for throttling (by username) and for the admin's eyes."""

    __tablename__ = "login_attempt"

    id: int | None = Field(default=None, primary_key=True)
    username_key: str = Field(max_length=80, index=True)
    at: dt.datetime = Field(default_factory=_utc_now, index=True)
    succeeded: bool


class Team(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80)
    invite_code: str = Field(max_length=16, unique=True, index=True)
    created_at: dt.datetime = Field(default_factory=_utc_now)


class TeamCoach(SQLModel, table=True):
    __tablename__ = "team_coach"

    team_id: int = Field(sa_column=Column(Integer, ForeignKey("team.id", ondelete="CASCADE"), primary_key=True))
    user_id: int = Field(sa_column=Column(Integer, ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True))


class TeamMember(SQLModel, table=True):
    __tablename__ = "team_member"

    team_id: int = Field(sa_column=Column(Integer, ForeignKey("team.id", ondelete="CASCADE"), primary_key=True))
    athlete_id: int = Field(sa_column=Column(Integer, ForeignKey("athlete.id", ondelete="CASCADE"), primary_key=True))
    joined_at: dt.datetime = Field(default_factory=_utc_now)


class Share(SQLModel, table=True):
    """An athlete letting a physio see their data, until `ends_on` (inclusive) or a revoke."""

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = Field(sa_column=Column(Integer, ForeignKey("athlete.id", ondelete="CASCADE"), nullable=False, index=True))
    physio_id: int = Field(sa_column=Column(Integer, ForeignKey("app_user.id", ondelete="CASCADE"), nullable=False, index=True))
    created_at: dt.datetime = Field(default_factory=_utc_now)
    ends_on: dt.date | None = None
    revoked_at: dt.datetime | None = None


class ClinicalNote(SQLModel, table=True):
    """A physio's note: read by physios with access and the athlete; `coach_summary` also by coaches."""

    __tablename__ = "clinical_note"

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = Field(sa_column=Column(Integer, ForeignKey("athlete.id", ondelete="CASCADE"), nullable=False, index=True))
    author_id: int = Field(sa_column=Column(Integer, ForeignKey("app_user.id", ondelete="SET NULL"), nullable=True))
    written_at: dt.datetime = Field(default_factory=_utc_now)
    body: str
    coach_summary: str | None = Field(default=None, max_length=500)


class AccessLog(SQLModel, table=True):
    """Who opened or exported whose data (and who was refused); the athlete can read their own."""

    __tablename__ = "access_log"

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=_utc_now, index=True)
    viewer_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("app_user.id", ondelete="SET NULL"), nullable=True))
    athlete_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("athlete.id", ondelete="CASCADE"), nullable=True, index=True))
    action: str = Field(max_length=20)  # "view", "export", "report", "denied"
    what: str = Field(max_length=60)


class WeeklyCheckin(SQLModel, table=True):
    """A weekly back-health questionnaire after the OSTRC-H2 (see tracker.checkin)."""

    __tablename__ = "weekly_checkin"
    __table_args__ = (UniqueConstraint("athlete_id", "week_start"),)

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = Field(sa_column=Column(Integer, ForeignKey("athlete.id", ondelete="CASCADE"), nullable=False, index=True))
    week_start: dt.date  # the Monday of the week answered for
    participation: int  # each question scored 0, 8, 17 or 25
    volume: int
    performance: int
    symptoms: int
    severity: int  # 0-100, the sum
    recorded_at: dt.datetime = Field(default_factory=_utc_now)


class SessionDraft(SQLModel, table=True):
    """The session an athlete is logging but has not saved: one per athlete, kept across a
    refresh or a closed tab until saved or discarded (see tracker.drafts for the payload)."""

    __tablename__ = "session_draft"

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = Field(sa_column=Column(Integer, ForeignKey("athlete.id", ondelete="CASCADE"), nullable=False, unique=True))
    payload: str  # JSON
    updated_at: dt.datetime = Field(default_factory=_utc_now)
