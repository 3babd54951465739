"""Database tables (SQLModel). The vocabularies their text columns draw from live in `tracker.vocab`.

Tables hold what was logged plus the per-session loads derived from it; every rule about
what may be written lives in `tracker.schemas` and `tracker.store`, not here.
Weights are stored in kilograms whatever unit the lifter logs in.
"""

import datetime as dt
from enum import StrEnum

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
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
    birth_month: int | None = None  # optional: with the year it gives an exact age for triage
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

    # Derived, kept in step with the sets by tracker.store (see tracker.science.session_load).
    srpe_load: float | None = None
    tonnage: float = 0.0
    spinal_tonnage: float = 0.0
    hard_sets: int = 0
    trunk_sets: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    hip_sets: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    lower_sets: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    spinal_efforts: str | None = Field(default=None, sa_type=Text)  # JSON [[lift, effort of its last working set], ...]
    best_e1rm: str | None = Field(default=None, sa_type=Text)  # JSON [[lift, best e1RM in kg], ...]
    lift_work: str | None = Field(default=None, sa_type=Text)  # JSON [[lift, weighted working sets, tonnage in kg, spinal], ...]

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
    # Unique per athlete (tracker.importers.engine looks only among the athlete's own sets),
    # not across the database: one athlete's export can be imported into another's log.
    fingerprint: str | None = Field(default=None, max_length=64, index=True)

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
    side: str | None = Field(default=None, **_text(5))  # left, right, both (tracker.vocab.Side)
    # Body-chart areas tapped (tracker.vocab.BodyArea values joined by ";"); None when given by region only.
    body_areas: str | None = Field(default=None, **_text(255))
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
    worse_coughing: bool = False
    leg_worse_than_back: bool = False
    nerve_signs_worsening: bool = False
    returns_every_session: bool = False

    # Red flags (RedFlag values)
    saddle_numbness: bool = False
    bladder_bowel_change: bool = False
    both_legs_weak_or_numb: bool = False
    fever_or_unwell: bool = False
    constant_pain: bool = False
    recent_trauma: bool = False
    cannot_pass_urine: bool = False

    athlete: Athlete | None = Relationship(back_populates="pain_entries")

    @property
    def features(self) -> list[Feature]:
        return [feature for feature in Feature if getattr(self, feature.value)]

    @property
    def red_flags(self) -> list[RedFlag]:
        return [flag for flag in RedFlag if getattr(self, flag.value)]


class Clearance(SQLModel, table=True):
    """A clinician's "assessed, cleared to train": clears every red flag, nerve sign and history
    item reported up to `cleared_at`; anything reported afterwards counts again."""

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = Field(sa_column=Column(Integer, ForeignKey("athlete.id", ondelete="CASCADE"), nullable=False, index=True))
    # Local wall-clock time of the assessment (naive, like pain reports): it clears what came before.
    cleared_at: dt.datetime = Field(sa_type=DateTime, index=True)
    assessed_by: str = Field(max_length=120)  # the clinician's name (a physio account's username, or as the lifter typed it)
    note: str | None = Field(default=None, max_length=2000)
    recorded_by_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("app_user.id", ondelete="SET NULL"), nullable=True)
    )  # the physio account that recorded it; None when the lifter did (single-user mode)
    recorded_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))


class BackScreen(SQLModel, table=True):
    """The one-off back-pain screen (ScreenItem values are its columns): asked the first time pain
    is logged, editable in Settings."""

    __tablename__ = "back_screen"

    athlete_id: int = Field(sa_column=Column(Integer, ForeignKey("athlete.id", ondelete="CASCADE"), primary_key=True))
    previous_back_pain: bool = False
    cancer_history: bool = False
    unexplained_weight_loss: bool = False
    steroids_or_immunosuppression: bool = False
    injected_drug_use: bool = False
    osteoporosis: bool = False
    thoracic_pain: bool = False
    answered_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))


class AthleteStatus(SQLModel, table=True):
    """An athlete's current picture (load figures, triage, phases, the roster's row), derived
    from their data on `computed_for` and refreshed in the transaction of every write that
    changes it (tracker.derived). Valid while `data_version` and `settings_key` still match."""

    __tablename__ = "athlete_status"

    athlete_id: int = Field(sa_column=Column(Integer, ForeignKey("athlete.id", ondelete="CASCADE"), primary_key=True))
    computed_for: dt.date
    data_version: int
    settings_key: str = Field(max_length=64)
    payload: str  # JSON: tracker.derived.StatusRow
    computed_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))


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
    """Every sign-in try (and an admin's unlock), kept for the growing delay between tries.

    The typed username and the client address are stored only as keyed hashes (HMAC with the
    server secret, tracker.secret): a password pasted into the username box is never kept.
    """

    __tablename__ = "login_attempt"

    id: int | None = Field(default=None, primary_key=True)
    username_hash: str = Field(max_length=64, index=True)
    client_hash: str | None = Field(default=None, max_length=64)
    at: dt.datetime = Field(default_factory=_utc_now, index=True)
    outcome: str = Field(max_length=8)  # "failed", "ok" or "unlock"


class ClaimCode(SQLModel, table=True):
    """A one-time code an admin hands to a person: to claim an account (and link an existing
    athlete profile to it) or to set a new password after a reset. Only its hash is stored."""

    __tablename__ = "claim_code"

    id: int | None = Field(default=None, primary_key=True)
    code_hash: str = Field(max_length=64, unique=True, index=True)
    user_id: int = Field(sa_column=Column(Integer, ForeignKey("app_user.id", ondelete="CASCADE"), nullable=False, index=True))
    purpose: str = Field(max_length=8)  # "claim" or "reset"
    athlete_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("athlete.id", ondelete="CASCADE"), nullable=True))
    issued_by: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("app_user.id", ondelete="SET NULL"), nullable=True))
    issued_at: dt.datetime = Field(default_factory=_utc_now)
    expires_at: dt.datetime
    used_at: dt.datetime | None = None


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
    """A weekly back-health questionnaire after the OSTRC questionnaire (scored by tracker.science.ostrc)."""

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


# Squad: availability, what a coach has seen on the roster, daily wellness -------------------


class Availability(SQLModel, table=True):
    """One availability decision: from `effective_on` the athlete is available, modified (with
    a one-line note) or unavailable. Rows are never edited: the history is the table."""

    __tablename__ = "availability"

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = Field(sa_column=Column(Integer, ForeignKey("athlete.id", ondelete="CASCADE"), nullable=False, index=True))
    status: str = Field(**_text(12))  # AvailabilityStatus
    note: str | None = Field(default=None, max_length=120)
    effective_on: dt.date
    set_by: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("app_user.id", ondelete="SET NULL"), nullable=True))
    set_at: dt.datetime = Field(default_factory=_utc_now)


class RosterSeen(SQLModel, table=True):
    """What a coach last saw of an athlete on the roster, so the roster can badge what changed
    since. `viewer_id` None is the one local user (single-user mode)."""

    __tablename__ = "roster_seen"
    __table_args__ = (UniqueConstraint("viewer_id", "athlete_id"),)

    id: int | None = Field(default=None, primary_key=True)
    viewer_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("app_user.id", ondelete="CASCADE"), nullable=True))
    athlete_id: int = Field(sa_column=Column(Integer, ForeignKey("athlete.id", ondelete="CASCADE"), nullable=False, index=True))
    seen_at: dt.datetime = Field(default_factory=_utc_now)
    triage_rank: int = 0  # the triage level seen (0 none .. 3 emergency)
    last_pain_id: int = 0  # the newest pain entry seen (0: none)
    in_reduce: bool = False  # whether "reduce" was among the phases seen


class WellnessEntry(SQLModel, table=True):
    """The optional daily wellness check: one row per athlete per day, every answer optional.

    Scales (1-5): sleep quality 5 = very good; soreness, stress, fatigue 5 = the worst; mood
    5 = very good. Sleep in hours. See `tracker.wellness`."""

    __tablename__ = "wellness_entry"
    __table_args__ = (UniqueConstraint("athlete_id", "date"),)

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = Field(sa_column=Column(Integer, ForeignKey("athlete.id", ondelete="CASCADE"), nullable=False, index=True))
    date: dt.date = Field(index=True)
    sleep_hours: float | None = None
    sleep_quality: int | None = None
    soreness: int | None = None
    stress: int | None = None
    mood: int | None = None
    fatigue: int | None = None
    source: str = Field(default="manual", max_length=12)  # "manual", "team" (squad file), "native"
    recorded_at: dt.datetime = Field(default_factory=_utc_now)


class SessionDraft(SQLModel, table=True):
    """The session an athlete is logging but has not saved: one per athlete, kept across a
    refresh or a closed tab until saved or discarded (see tracker.drafts for the payload)."""

    __tablename__ = "session_draft"

    id: int | None = Field(default=None, primary_key=True)
    athlete_id: int = Field(sa_column=Column(Integer, ForeignKey("athlete.id", ondelete="CASCADE"), nullable=False, unique=True))
    payload: str  # JSON
    updated_at: dt.datetime = Field(default_factory=_utc_now)
