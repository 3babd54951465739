"""The only place the library meets Streamlit: the cached engine, the athlete picker, and the
few pieces of drawing every page shares (advice card, field errors).

Streamlit's guidance: cache the engine (a resource shared by every user and rerun) with
`st.cache_resource`, and open a fresh `Session` per use — never cache a Session or ORM object.
Cached data is keyed on the athlete's `data_version`, so a write shows up on the next rerun.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager

import streamlit as st
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from tracker import access, auth, store
from tracker.access import Viewer
from tracker.science.advice import DISCLAIMER, PHASE_TITLES, Advice
from tracker.db import database_url, open_engine
from tracker.errors import ValidationError
from tracker.models import Athlete, User
from tracker.science.triage import Level, Report, Triage, triage
from tracker.vocab import FEATURE_LABELS, RED_FLAG_LABELS, Feature, Quality, RedFlag, Region, Timing

ATHLETE_KEY = "athlete_id"  # the chosen athlete for this browser session (not a widget's key)
ATHLETE_PARAM = "athlete"  # ... and in the URL: ?athlete=<id>
PICKER_KEY = "athlete_picker"
WARM_ATHLETES = 12  # trends worked out ahead of time for at most this many athletes in the picker
WARM_ENTRIES = 48
TRENDS_DAYS = 182  # trends open on the last 26 weeks


@st.cache_resource(show_spinner="Opening the database…")
def _engine_for(url: str) -> Engine:
    return open_engine(url)


def get_engine() -> Engine:
    """The engine for the configured database, opened (and migrated) once per process."""
    return _engine_for(database_url())


@contextmanager
def db_session() -> Iterator[Session]:
    with Session(get_engine()) as db:
        yield db


def accounts_enabled(db: Session) -> bool:
    """Once any account exists, everyone signs in; before that the app is one person's own."""
    return db.exec(select(func.count()).select_from(User)).one() > 0


def signed_in(db: Session, *, sidebar: bool = False) -> Viewer | None:
    """The signed-in viewer; None while no account exists (single-user mode). Draws the sign-in
    form and stops the page when nobody is signed in; with `sidebar` (the entry script, once a
    run) also the account box with the sign-out buttons."""
    if not accounts_enabled(db):
        return None
    user_id, epoch = st.session_state.get("user_id"), st.session_state.get("session_epoch")
    if user_id is not None and auth.still_signed_in(db, user_id=user_id, epoch=epoch):
        viewer = access.viewer_for(db, user_id=user_id)
        if sidebar:
            _account_sidebar(db, viewer)
        return viewer
    for key in ("user_id", "session_epoch"):
        st.session_state.pop(key, None)
    # The sign-in form as the only page: without a navigation Streamlit would list the files
    # in pages/ to a visitor who has not signed in.
    st.navigation([st.Page(_sign_in_page, title="Sign in", url_path="sign-in")], position="hidden").run()
    st.stop()


def _sign_in_page() -> None:
    with db_session() as db:
        _sign_in_form(db)


def _remember(user: User) -> None:
    st.session_state.user_id, st.session_state.session_epoch = user.id, user.session_epoch


def _sign_in_form(db: Session) -> None:
    st.title("Sign in")
    if _identity_provider_configured():
        if getattr(st.user, "is_logged_in", False) and st.user.get("email"):
            _remember(auth.account_for_identity(db, email=st.user["email"], name=st.user.get("name")))
            st.rerun()
        st.button("Sign in with your club account", on_click=st.login, type="primary")
    with st.form("sign_in"):
        username = st.text_input("Username", autocomplete="username")
        password = st.text_input("Password", type="password", autocomplete="current-password")
        submitted = st.form_submit_button("Sign in", type="primary")
    if submitted:
        try:
            _remember(auth.authenticate(db, username=username, password=password))
        except auth.SignInRefused as refused:
            st.error(str(refused))
        else:
            st.rerun()


def _identity_provider_configured() -> bool:
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # no secrets file at all
        return False


def _forget_sign_in() -> None:
    for key in ("user_id", "session_epoch", ATHLETE_KEY):
        st.session_state.pop(key, None)


def _sign_out_everywhere(user_id: int) -> None:
    with db_session() as db:
        auth.sign_out_everywhere(db, user_id=user_id)
    _forget_sign_in()


def _account_sidebar(db: Session, viewer: Viewer) -> None:
    user = auth.get_user(db, user_id=viewer.user_id)
    roles = ", ".join(sorted(role.value for role in viewer.roles)) or "no role"
    st.sidebar.caption(f"Signed in as **{user.username}** ({roles})")
    left, right = st.sidebar.columns(2)
    left.button("Sign out", key="sign_out", on_click=_forget_sign_in)
    right.button("Everywhere", key="sign_out_everywhere", help="Sign out on every browser and device", on_click=_sign_out_everywhere, args=(viewer.user_id,))


def own_athlete(db: Session, viewer: Viewer | None) -> Athlete | None:
    """Whose log a page writes: the signed-in athlete's own, or the picked one in single-user mode."""
    if viewer is None:
        return pick_athlete(db)
    if viewer.athlete_id is None:
        st.info("This account has no athlete profile: ask an admin to link one if you train.")
        st.stop()
    return store.get_athlete(db, athlete_id=viewer.athlete_id)


def _chosen(ids: list[int]) -> int:
    """The athlete in the URL (survives a refresh and a shared link), else the one chosen earlier
    in this browser session (survives a page change), else the first — whichever the viewer may see."""
    for candidate in (st.query_params.get(ATHLETE_PARAM), st.session_state.get(ATHLETE_KEY)):
        try:
            athlete_id = int(candidate)
        except (TypeError, ValueError):
            continue
        if athlete_id in ids:
            return athlete_id
    return ids[0]


def remember_athlete(athlete_id: int) -> None:
    """Keep the chosen athlete for this browser session and in the URL (`?athlete=<id>`)."""
    st.session_state[ATHLETE_KEY] = athlete_id
    if st.query_params.get(ATHLETE_PARAM) != str(athlete_id):
        st.query_params[ATHLETE_PARAM] = str(athlete_id)


def keep_athlete_in_url() -> None:
    """On every page, pickers or not: keep the chosen athlete in the URL (Streamlit drops query
    parameters on a page change), and after a refresh take it back from there — so a refresh on
    any page, then any other page, comes back to the same athlete. `pick_athlete` checks it."""
    chosen, in_url = st.session_state.get(ATHLETE_KEY), st.query_params.get(ATHLETE_PARAM)
    if chosen is None and in_url is not None:
        st.session_state[ATHLETE_KEY] = in_url
    elif chosen is not None and in_url is None:
        st.query_params[ATHLETE_PARAM] = str(chosen)


def _picked() -> None:
    remember_athlete(st.session_state[PICKER_KEY])


def pick_athlete(db: Session, viewer: Viewer | None = None) -> Athlete | None:
    """The athlete picker, at the top of the page, over the athletes the viewer may see
    (everyone in single-user mode). The choice lives outside widget state — which Streamlit
    drops on a page change — in the session and the URL, so every page and a refresh keep it."""
    athletes = store.list_athletes(db) if viewer is None else access.visible_athletes(db, viewer=viewer)
    if not athletes:
        return None
    ids = [a.id for a in athletes]
    chosen = _chosen(ids)
    remember_athlete(chosen)
    if len(athletes) > 1:
        names = {a.id: a.name for a in athletes}
        st.session_state[PICKER_KEY] = chosen
        st.selectbox("Athlete", ids, format_func=names.get, key=PICKER_KEY, on_change=_picked, width=360)
    return next(a for a in athletes if a.id == chosen)


def load_chart_code_early() -> None:
    """Have the browser fetch and compile the charting code (plotly.js, 4.7 MB) while the person
    is on this page, so the first chart on Trends is not kept waiting for it: one empty chart
    in a 1-pixel box, which nobody sees."""
    empty = {"data": [{"type": "scatter", "x": [], "y": [], "hoverinfo": "skip"}], "layout": {"height": 10, "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
             "xaxis": {"visible": False}, "yaxis": {"visible": False}}}  # fmt: skip
    st.plotly_chart(empty, config={"staticPlot": True, "displayModeBar": False}, height=10, key="chart_code_early")


def possessive(name: str) -> str:
    """"Sam's", "Alex Ramp's", "James'": for buttons that say whose log they write."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def show_triage(triage: Triage) -> None:
    """The clinician message: red for emergency and urgent, amber for assess, green for none."""
    body = "\n".join([f"**{triage.headline}**", *(f"- {reason}" for reason in triage.reasons)])
    if triage.level == Level.EMERGENCY:
        st.error(body, icon=":material/emergency:")
    elif triage.level == Level.URGENT:
        st.error(body, icon=":material/warning:")
    elif triage.level == Level.ASSESS:
        st.warning(body, icon=":material/stethoscope:")
    else:
        st.success(body, icon=":material/check_circle:")


# The back check-in of the log page ----------------------------------------------------------

BACK_PREFIX = "back_"  # every widget of the check-in: its answers travel with the session draft
PAIN_KEY = f"{BACK_PREFIX}pain"
RED_FLAG_KEYS = {flag: f"{BACK_PREFIX}flag_{flag.value}" for flag in RedFlag}
_ALARM_KEY = "_back_alarm"  # set when an emergency question is ticked: open the dialog on this run


def back_answers() -> dict:
    """The check-in's widget values as they are now (JSON-ready), to keep in the session draft."""
    return {key: value for key, value in st.session_state.items() if key.startswith(BACK_PREFIX)}


def restore_back_answers(answers: dict) -> None:
    """Put answers kept in a draft back into the check-in's widgets (before they are drawn)."""
    for key, value in answers.items():
        if key.startswith(BACK_PREFIX):
            st.session_state[key] = value


def clear_back_answers() -> None:
    for key in [key for key in st.session_state if key.startswith(BACK_PREFIX)]:
        del st.session_state[key]


def ticked_red_flags() -> list[RedFlag]:
    return [flag for flag, key in RED_FLAG_KEYS.items() if st.session_state.get(key)]


def _screen(pain: int, flags: list[RedFlag]) -> Triage:
    report = Report(recorded_at=dt.datetime.now(), pain=pain, region=Region.CENTRE, red_flags=frozenset(flags))
    return triage([report], on=dt.date.today())


def _on_flag(flag: RedFlag) -> None:
    """A question ticked: if that alone is an emergency, say so at once (the dialog below)."""
    if st.session_state.get(RED_FLAG_KEYS[flag]) and _screen(0, [flag]).level == Level.EMERGENCY:
        st.session_state[_ALARM_KEY] = True


@st.dialog("Emergency", dismissible=False, icon=":material/emergency:")
def _emergency_dialog(screened: Triage) -> None:
    show_triage(screened)
    st.caption("This message also stays under the questions on the log page.")
    if st.button("I understand", type="primary", width="stretch"):
        st.rerun()


def back_checkin(*, when: dt.datetime) -> dict | None:
    """The log page's whole back check-in: pain now and, if any, where, what it feels like, when
    it started and anything else; then the red-flag questions. Ticking an emergency question
    opens a blocking dialog with the emergency message at once; emergency and urgent messages
    also stay right under the questions. Returns the pain report to store with the session
    (`recorded_at` = `when`), or None when there is no pain and nothing ticked."""
    st.subheader("How does your back feel?")
    st.session_state.setdefault(PAIN_KEY, 0)  # not `default=`: a draft may have set it already
    pain = st.pills("Pain right now (0 = none, 10 = worst imaginable)", list(range(11)), required=True, key=PAIN_KEY)
    pain = int(pain or 0)
    details = {"region": Region.CENTRE.value, "quality": None, "timing": None, "features": []}
    if pain > 0:
        details = {
            "region": st.radio("Where?", [r.value for r in Region], horizontal=True, key=f"{BACK_PREFIX}region"),
            "quality": st.radio("What does it feel like?", [q.value for q in Quality], horizontal=True, key=f"{BACK_PREFIX}quality"),
            "timing": st.radio("When did it start?", [t.value for t in Timing], horizontal=True, key=f"{BACK_PREFIX}timing"),
            "features": st.multiselect(
                "Anything else?", [f.value for f in Feature], format_func=lambda v: FEATURE_LABELS[Feature(v)], key=f"{BACK_PREFIX}features"
            ),
        }
    st.markdown("**Do you have any of these?** Tick any that apply.")
    for flag, key in RED_FLAG_KEYS.items():
        st.checkbox(RED_FLAG_LABELS[flag].capitalize(), key=key, on_change=_on_flag, args=(flag,))
    flags = ticked_red_flags()
    if flags:
        screened = _screen(pain, flags)
        show_triage(screened)  # right under the question just answered
        if st.session_state.pop(_ALARM_KEY, False):
            _emergency_dialog(screened)
    if pain == 0 and not flags:
        return None
    return {"recorded_at": when, "pain": pain, **details, "red_flags": [flag.value for flag in flags]}


def show_advice(advice: Advice, *, with_triage: bool = True) -> None:
    """Triage (unless shown already), then each suggested phase with why / what to do / until
    when, then the disclaimer."""
    if with_triage:
        show_triage(advice.triage)
    for rank, phase in enumerate(advice.phases, start=1):
        cleared = " — once a clinician has cleared you" if phase.once_cleared else ""
        with st.container(border=True):
            st.markdown(f"**{rank}. {PHASE_TITLES[phase.phase]}**{cleared}")
            st.markdown("**Why**\n" + "\n".join(f"- {reason}" for reason in phase.reasons))
            st.markdown("**This week**\n" + "\n".join(f"- {action}" for action in phase.actions))
            st.markdown(f"**Until** {phase.until}")
    for note in advice.notes:
        st.info(note)
    st.caption(DISCLAIMER)


def problems_of(error: ValidationError) -> dict[str, str]:
    return {problem.field: problem.message for problem in error.problems}


def field_error(problems: dict[str, str] | None, *fields: str) -> None:
    """Show, just under a widget, the message for any of `fields` that was refused."""
    for field in fields:
        if problems and field in problems:
            st.error(problems[field])


@functools.lru_cache(maxsize=WARM_ENTRIES)
def _trends(engine: Engine, athlete_id: int, data_version: int, settings_key: str, start, end, metric: str, lifts, pain_detail: bool):
    """The computation behind `cached_trends`, also run ahead of time by `warm_trends`.
    `data_version` and `settings_key` are only in the key: a write or new thresholds miss it."""
    from tracker.views import trends_view

    with Session(engine) as db:
        return trends_view(
            db, athlete_id=athlete_id, start=start, end=end, metric=metric, lifts=list(lifts) if lifts is not None else None, pain_detail=pain_detail
        )


@st.cache_data(show_spinner="Working out your trends…", max_entries=64)
def cached_trends(
    url: str, athlete_id: int, data_version: int, settings_key: str, start, end, metric: str, lifts: tuple[str, ...] | None, pain_detail: bool = True
):
    """`tracker.views.trends_view`, rebuilt only when the athlete's data or the thresholds change
    (`data_version` and `settings_key` are in the key for that reason)."""
    view = _trends_once((_engine_for(url), athlete_id, data_version, settings_key, start, end, metric, lifts, pain_detail))
    return dataclasses.replace(view, **{name: figure_dict(getattr(view, name)) for name in ("load_figure", "e1rm_figure", "tonnage_figure")})


def figure_dict(figure) -> dict:
    """A figure as the plain dict `st.plotly_chart` also takes: cached data is copied on every
    read, and a copied plotly Figure re-validates itself (about 0.1 s each), a dict does not.
    A note-only figure (no data yet) gets one empty trace, which plotly requires of a dict."""
    plain = figure.to_dict()
    if not plain.get("data"):
        plain["data"] = [{"type": "scatter", "x": [], "y": [], "showlegend": False, "hoverinfo": "skip"}]
    return plain


_in_flight: dict[tuple, Future] = {}
_in_flight_lock = threading.Lock()
_warmed: set[tuple] = set()  # keys worked out ahead of time (forgotten as the cache turns over)


def _trends_once(key: tuple):
    """`_trends(*key)`, computed once even when the page asks while the warm-up is on it."""
    with _in_flight_lock:
        future = _in_flight.get(key)
        owner = future is None
        if owner:
            future = _in_flight[key] = Future()
    if not owner:
        return future.result()
    try:
        result = _trends(*key)
        future.set_result(result)
        return result
    except BaseException as error:
        future.set_exception(error)
        raise
    finally:
        with _in_flight_lock:
            _in_flight.pop(key, None)


def trends_settings_key(db: Session) -> str:
    """The advice thresholds in force, as a cache key: new thresholds miss every cached view."""
    return json.dumps(store.get_advice_settings(db).to_dict(), sort_keys=True)


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The dates trends open on: the last 26 weeks."""
    return today - dt.timedelta(days=TRENDS_DAYS - 1), today


def warm_trends(db: Session, viewer: Viewer | None, *, shown_id: int, others: bool = True, settings_key: str, start, end, metric: str = "srpe") -> None:
    """Work out, in the background, the trends the viewer is likely to open next: the other
    athletes in the picker (`others`), or the one shown on a page that links to trends. Only
    what the viewer may see, with the detail they may see; nothing is shown or logged until
    they open it (tracker.access does that then)."""
    athletes = store.list_athletes(db) if viewer is None else access.visible_athletes(db, viewer=viewer)
    shown = [a.id for a in athletes].index(shown_id) if shown_id in {a.id for a in athletes} else None
    if others:  # the athletes after the one shown first: the likeliest next
        ordered = athletes if shown is None else athletes[shown + 1 :] + athletes[:shown]
    else:
        ordered = [] if shown is None else [athletes[shown]]
    engine = get_engine()
    jobs = []
    for athlete in ordered[:WARM_ATHLETES]:
        detail = viewer is None or access.Scope.PAIN_DETAIL in access.scopes(db, viewer, athlete.id)
        key = (engine, athlete.id, athlete.data_version, settings_key, start, end, metric, None, detail)
        with _in_flight_lock:
            if key not in _in_flight and key not in _warmed:
                jobs.append(key)
    if jobs:
        threading.Thread(target=_warm, args=(jobs,), name="warm-trends", daemon=True).start()


def _warm(jobs: list[tuple]) -> None:
    for key in jobs:
        try:
            _trends_once(key)
        except Exception:  # noqa: BLE001, S110 - ahead of time only: the page works it out (and reports a failure) when opened
            continue
        with _in_flight_lock:
            if len(_warmed) >= WARM_ENTRIES:
                _warmed.clear()
            _warmed.add(key)


@st.cache_data(show_spinner="Ranking the squad…", max_entries=32)
def cached_roster(url: str, versions: tuple[tuple[int, int], ...], settings_key: str, on, metric: str):
    """`tracker.roster.roster` for these athletes, rebuilt only when one of them logs something
    (their `data_version`s are the key) or the thresholds change."""
    from tracker.roster import roster

    with Session(_engine_for(url)) as db:
        return roster(db, athlete_ids=[athlete_id for athlete_id, _ in versions], on=on, metric=metric)


@st.cache_data(show_spinner="Drawing the lifts…", max_entries=64)
def cached_lift_figures(url: str, athlete_id: int, data_version: int, start, end, lifts: tuple[str, ...], unit: str):
    """The e1RM and tonnage charts for other lifts than the view's own, without rebuilding the
    whole trends view (keyed on `data_version`, like `cached_trends`)."""
    from tracker.views import lift_figures

    with Session(_engine_for(url)) as db:
        sets = store.sets_frame(db, athlete_id=athlete_id, end=end)
    return tuple(figure_dict(figure) for figure in lift_figures(sets, start=start, end=end, lifts=list(lifts), unit=unit))
