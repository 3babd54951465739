"""The only place the library meets Streamlit: the cached engine, the athlete picker, and the
few pieces of drawing every page shares (advice card, field errors).

Streamlit's guidance: cache the engine (a resource shared by every user and rerun) with
`st.cache_resource`, and open a fresh `Session` per use — never cache a Session or ORM object.
Cached data is keyed on the athlete's `data_version`, so a write shows up on the next rerun.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from contextlib import contextmanager

import streamlit as st
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from tracker import access, auth, bodymap, charts, signin, store
from tracker.access import Viewer
from tracker.db import database_url, open_engine
from tracker.derived import TRENDS_DAYS
from tracker.errors import ValidationError
from tracker.models import Athlete, Role, User
from tracker.science.advice import DISCLAIMER, Advice
from tracker.science.triage import Level, Report, Triage, triage
from tracker.vocab import FEATURE_LABELS, RED_FLAG_LABELS, SCREEN_QUESTIONS, SIDE_LABELS, BodyArea, Feature, Quality, RedFlag, Region, Side, Timing

ATHLETE_KEY = "athlete_id"  # the chosen athlete for this browser session (not a widget's key)
ATHLETE_PARAM = "athlete"  # ... and in the URL: ?athlete=<id>
PICKER_KEY = "athlete_picker"
WARM_ATHLETES = 12  # trends worked out ahead of time for at most this many athletes in the picker
WARM_ENTRIES = 48


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


def _session_token() -> str | None:
    """The sign-in cookie the browser sent when it connected (set by tracker.signin's route)."""
    return st.context.cookies.get(signin.COOKIE)


def signed_in(db: Session, *, sidebar: bool = False) -> Viewer | None:
    """The signed-in viewer; None while no account exists (single-user mode). Draws the sign-in
    page and stops when nobody is signed in; with `sidebar` (the entry script, once a run)
    also the account box with the sign-out buttons.

    Signed in means: a valid sign-in cookie (it survives a refresh; "sign out everywhere"
    ends it), or a club identity-provider sign-in remembered for this browser session."""
    if not accounts_enabled(db):
        return None
    signed = signin.user_for_token(db, _session_token())
    by_cookie = signed is not None
    if not by_cookie:
        user_id, epoch = st.session_state.get("user_id"), st.session_state.get("session_epoch")
        signed = (user_id, epoch) if user_id is not None and auth.still_signed_in(db, user_id=user_id, epoch=epoch) else None
    if signed is not None:
        viewer = access.viewer_for(db, user_id=signed[0])
        if sidebar:
            _account_sidebar(db, viewer, by_cookie=by_cookie)
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


_FORM_STYLE = """<style>
.tracker-form label {display:block; margin:0.6rem 0 0.2rem; font-size:0.875rem;}
.tracker-form input {width:100%; box-sizing:border-box; padding:0.5rem 0.75rem; font-size:1rem;
  border:1px solid rgba(49,51,63,0.2); border-radius:0.5rem; background:#f0f2f6;}
.tracker-form button {margin-top:1rem; padding:0.45rem 1rem; font-size:1rem; border-radius:0.5rem;
  border:1px solid #ff4b4b; background:#ff4b4b; color:white; cursor:pointer;}
.tracker-form button.secondary {background:white; color:#31333f; border-color:rgba(49,51,63,0.2);}
.tracker-form {max-width:28rem;}
</style>"""


def _field(form: str, name: str, label: str, kind: str, autocomplete: str) -> str:
    return (
        f'<label for="{form}-{name}">{label}</label>'
        f'<input id="{form}-{name}" name="{name}" type="{kind}" autocomplete="{autocomplete}" required>'
    )


def _sign_in_form(db: Session) -> None:
    """Plain HTML forms posting to tracker.signin's routes (served by app.py through st.App):
    the password goes straight to the server over HTTP and never into Streamlit's state."""
    st.title("Sign in")
    if "notice" in st.query_params:  # shown once: a reload does not repeat it
        if message := signin.notice(db.get_bind(), st.query_params.get("notice")):
            st.error(message)
        del st.query_params["notice"]
    if _identity_provider_configured():
        if getattr(st.user, "is_logged_in", False) and st.user.get("email"):
            _remember(auth.account_for_identity(db, email=st.user["email"], name=st.user.get("name")))
            st.rerun()
        st.button("Sign in with your club account", on_click=st.login, type="primary")
    st.html(
        f'{_FORM_STYLE}<form class="tracker-form" method="post" action="{signin.SIGN_IN}">'
        + _field("sign-in", "username", "Username", "text", "username")
        + _field("sign-in", "password", "Password", "password", "current-password")
        + '<button type="submit">Sign in</button></form>'
    )
    with st.expander("I have a code from my admin"):
        st.markdown(
            "Your admin gives you a one-time code when they create your account or reset your "
            "password. Choose your own password here: nobody else ever knows it."
        )
        st.html(
            f'{_FORM_STYLE}<form class="tracker-form" method="post" action="{signin.REDEEM}">'
            + _field("redeem", "username", "Your username", "text", "username")
            + _field("redeem", "code", "Code (like ABCD-EFGH-JKLM-NPQR)", "text", "one-time-code")
            + _field("redeem", "password", f"New password (at least {auth.MIN_PASSWORD_LENGTH} characters, hard to guess)", "password", "new-password")
            + _field("redeem", "repeat", "The new password again", "password", "new-password")
            + '<button type="submit">Set my password and sign in</button></form>'
        )


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


def _account_sidebar(db: Session, viewer: Viewer, *, by_cookie: bool) -> None:
    user = auth.get_user(db, user_id=viewer.user_id)
    roles = ", ".join(sorted(role.value for role in viewer.roles)) or "no role"
    st.sidebar.caption(f"Signed in as **{user.username}** ({roles})")
    if by_cookie:  # the routes clear the cookie (and, for "everywhere", every other browser's)
        st.sidebar.html(
            f'{_FORM_STYLE}<div style="display:flex; gap:0.5rem">'
            f'<form class="tracker-form" method="post" action="{signin.SIGN_OUT}"><button class="secondary" type="submit">Sign out</button></form>'
            f'<form class="tracker-form" method="post" action="{signin.SIGN_OUT_EVERYWHERE}">'
            '<button class="secondary" type="submit" title="Sign out on every browser and device">Everywhere</button></form></div>'
        )
        return
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


#: The key of the box `load_trends_code_early` draws in: laid out (charts need a width) but
#: unseen, out of the page's flow, and out of reach of taps, keyboards and screen readers.
EARLY_BOX = "trends_code_early"
_EARLY_STYLE = f"<style>.st-key-{EARLY_BOX} {{position: absolute; width: 300px; height: 1px; overflow: hidden; visibility: hidden}}</style>"


def load_trends_code_early() -> None:
    """Have the browser fetch and compile the code Trends needs while the person is on this page.

    Streamlit's browser code loads each kind of element the first time a page draws one: on
    Trends that was the charting code (plotly.js, 4.7 MB), the figure tiles, the tables, the
    lift picker and the report buttons — 28 files, and the tiles at the top of the page were
    drawn last, after every chart. So this draws one of each, empty, in a box nobody sees."""
    with st.container(key=EARLY_BOX):
        st.html(_EARLY_STYLE)
        empty = {"data": [{"type": "scatter", "x": [], "y": [], "hoverinfo": "skip"}], "layout": {"height": 10, "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
                 "xaxis": {"visible": False}, "yaxis": {"visible": False}}}  # fmt: skip
        st.plotly_chart(empty, config={"staticPlot": True, "displayModeBar": False}, height=10, key=f"{EARLY_BOX}_chart")
        st.metric("Early", "—", label_visibility="collapsed")
        st.dataframe({"early": []}, height=40)
        st.multiselect("Early", [], label_visibility="collapsed", key=f"{EARLY_BOX}_multiselect")
        st.download_button("Early", b"", disabled=True, key=f"{EARLY_BOX}_download")


def possessive(name: str) -> str:
    """"Sam's", "Alex Ramp's", "James'": for buttons that say whose log they write."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def literal(text: str) -> str:
    """`text` (someone's note or name) for `st.markdown` shown exactly as typed: every ASCII
    punctuation mark is backslash-escaped, so it cannot become an image that loads, a link
    (javascript: or any other), HTML, or one of Streamlit's :colour[...] / :icon: directives."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def athlete_page(db: Session, viewer: Viewer | None, athlete_id: int) -> str:
    """Where opening an athlete (a roster row) leads: a physio with access sees the clinical view
    (timeline first); everyone else their trends."""
    if viewer is not None and Role.PHYSIO in viewer.roles and access.Scope.PAIN_DETAIL in access.scopes(db, viewer, athlete_id):
        return "pages/physio.py"
    return "pages/trends.py"


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
    return {key: value for key, value in st.session_state.items() if _kept(key)}


def _kept(key: str) -> bool:
    """A check-in answer worth keeping: not the body chart's own selection state (Streamlit
    keeps that per chart and refuses it being set; the tapped areas are kept beside it)."""
    return key.startswith(BACK_PREFIX) and not _CHART_STATE.search(key)


_CHART_STATE = re.compile(r"_chart_\d+$")


def restore_back_answers(answers: dict) -> None:
    """Put answers kept in a draft back into the check-in's widgets (before they are drawn)."""
    for key, value in answers.items():
        if _kept(key):
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
    details: dict = {"region": Region.CENTRE.value, "quality": None, "timing": None, "features": []}
    if pain > 0:
        location = body_chart_picker(key=BACK_PREFIX.rstrip("_"), label="Where?")
        quality = st.radio("What does it feel like?", [q.value for q in Quality], horizontal=True, key=f"{BACK_PREFIX}quality")
        timing = st.radio("When did it start?", [t.value for t in Timing], horizontal=True, key=f"{BACK_PREFIX}timing")
        features = st.multiselect(
            "Anything else?", [f.value for f in Feature], format_func=lambda v: FEATURE_LABELS[Feature(v)], key=f"{BACK_PREFIX}features"
        )
        # A tap below the knee is pain below the knee, whether or not that box was also ticked.
        details = {**location.fields(), "quality": quality, "timing": timing, "features": sorted(set(features) | location.implied_features)}
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
            st.markdown(f"**{rank}. {phase.title}**{cleared}")
            st.markdown("**Why**\n" + "\n".join(f"- {reason}" for reason in phase.reasons))
            st.markdown("**This week**\n" + "\n".join(f"- {action}" for action in [*phase.actions, *phase.personal]))
            st.markdown(f"**Until** {phase.until}")
    for note in advice.notes:
        st.info(note)
    st.caption(DISCLAIMER)


def back_screen_form(db: Session, *, viewer: Viewer | None, athlete: Athlete, key: str, intro: str | None = None) -> None:
    """The one-off back-pain screen (Finucane 2020 history items): asked the first time pain is
    logged, editable in Settings. Answers change how pain reports are triaged."""
    current = access.back_screen(db, viewer=viewer, athlete_id=athlete.id)
    with st.form(key):
        if intro:
            st.markdown(intro)
        answers = {
            item: st.checkbox(question, value=bool(current and getattr(current, item.value)), key=f"{key}_{item.value}")
            for item, question in SCREEN_QUESTIONS.items()
        }
        if st.form_submit_button(f"Save {possessive(athlete.name)} answers", type="primary"):
            access.save_back_screen(db, viewer=viewer, athlete_id=athlete.id, yes={item for item, ticked in answers.items() if ticked})
            st.toast("Answers saved", icon=":material/check_circle:")
            st.rerun()
    if current is not None:
        st.caption(f"Last answered {current.answered_at:%d %b %Y}.")


def clearance_section(db: Session, *, viewer: Viewer | None, athlete: Athlete, triage: Triage) -> None:
    """Who cleared the lifter to train, and the form to record it: a physio the athlete shares
    with, or, in single-user mode, the lifter saying who assessed them and when."""
    may_record = viewer is None or (Role.PHYSIO in viewer.roles and access.Scope.CLINICAL_NOTES in access.scopes(db, viewer, athlete.id))
    past = access.clearances(db, viewer=viewer, athlete_id=athlete.id) if may_record or viewer is None or viewer.athlete_id == athlete.id else []
    if past:
        last = past[-1]
        st.caption(f"Last cleared to train by {last.assessed_by} on {last.cleared_at:%d %b %Y}" + (f": {last.note}" if last.note else "."))
    if not may_record or (triage.level == Level.NONE and viewer is not None):
        return
    title = "Record that a clinician assessed you and cleared you to train" if viewer is None else f"Record an assessment: {athlete.name} is cleared to train"
    with st.expander(title, expanded=triage.level > Level.NONE and viewer is not None):
        with st.form(f"clearance_{athlete.id}", clear_on_submit=True):
            assessed_by = st.text_input("Assessed by", placeholder="e.g. Jo Smith, physiotherapist" if viewer is None else "Your name (default: your username)", max_chars=120)
            day = st.date_input("Date of the assessment", value=dt.date.today(), max_value=dt.date.today(), format="DD/MM/YYYY")
            note = st.text_area("Note (optional)", max_chars=2000)
            st.caption("A clearance lifts every red flag and nerve sign reported up to that day; anything reported afterwards counts again.")
            if st.form_submit_button("Save the clearance", type="primary"):
                try:
                    access.record_clearance(db, viewer=viewer, athlete_id=athlete.id, data={"cleared_at": day, "assessed_by": assessed_by, "note": note or None})
                except ValidationError as error:
                    for problem in error.problems:
                        st.error(problem.message)
                else:
                    st.toast("Clearance saved", icon=":material/check_circle:")
                    st.rerun()


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


# The trends page's figures are cached as resources: the same Figure objects are handed to
# every rerun (nothing on a page changes them). Cached as data they were copied on each read,
# and `st.plotly_chart` validates a copied figure or a plain dict all over again (about 15 ms a
# chart); a Figure it takes as it is.


@st.cache_resource(show_spinner="Working out your trends…", max_entries=64)
def cached_trends(
    url: str, athlete_id: int, data_version: int, settings_key: str, start, end, metric: str, lifts: tuple[str, ...] | None, pain_detail: bool
):
    """`tracker.views.trends_view`, rebuilt only when the athlete's data or the thresholds change
    (`data_version` and `settings_key` are in the key for that reason). `pain_detail` comes
    from `tracker.access.trends_detail`, checked on every run outside the cache."""
    return _trends_once((_engine_for(url), athlete_id, data_version, settings_key, start, end, metric, lifts, pain_detail))


@st.cache_resource(show_spinner=False, max_entries=64)
def cached_wellness_figure(url: str, athlete_id: int, data_version: int, start, end, metric: str):
    """`tracker.wellness.wellness_figure`, rebuilt when the athlete's data changes (wellness
    answers, sessions and pain all move `data_version`)."""
    from tracker.wellness import wellness_figure

    with Session(_engine_for(url)) as db:
        return wellness_figure(db, athlete_id=athlete_id, start=start, end=end, metric=metric)


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


# Where it hurts ------------------------------------------------------------------------------


def _picker_keys(key: str) -> dict[str, str]:
    return {name: f"{key}_{name}" for name in ("areas", "chart_nonce", "region", "side")}


def _radio_areas(key: str) -> list[str]:
    """Where the radio buttons say, drawn lighter until the first tap."""
    keys, state = _picker_keys(key), st.session_state
    if state.get(keys["areas"]):
        return []
    region = state.get(keys["region"]) or Region.CENTRE.value  # the region radio's first option
    return [area.value for area in bodymap.areas_for(region, state.get(keys["side"]))]


def _tapped(key: str, chart_key: str) -> None:
    """The chart's selection changed: it is now the areas, and the radio buttons follow it."""
    keys, state = _picker_keys(key), st.session_state
    event = state.get(chart_key)
    selected = {point.get("area") for point in (event["selection"].get(charts.PICKER_SELECTION, []) if event else [])}
    state[keys["areas"]] = [area.value for area in BodyArea if area.value in selected]
    if selected:
        location = bodymap.PainLocation.from_areas(state[keys["areas"]])
        state[keys["region"]] = location.region.value
        state[keys["side"]] = location.side.value if location.side else None


def _chosen_by_radio(key: str) -> None:
    """The radio buttons changed: they now say where, so the taps are forgotten (a fresh chart)."""
    keys, state = _picker_keys(key), st.session_state
    state[keys["areas"]] = []
    state[keys["chart_nonce"]] = state.get(keys["chart_nonce"], 0) + 1


def clear_body_chart(key: str = "pain") -> None:
    """Forget the taps (for a form that starts again); call before the picker is drawn."""
    for name in _picker_keys(key).values():
        st.session_state.pop(name, None)


def body_chart_picker(*, key: str = "pain", label: str = "Where?") -> bodymap.PainLocation:
    """Where it hurts: tap areas on the back and front outline (tap again to clear one), or choose
    with the radio buttons under it (the accessible way; chart and buttons stay in step). The
    region radio has the key `<key>_region`. Returns the region, side and areas tapped."""
    keys, state = _picker_keys(key), st.session_state
    chart_key = f"{key}_chart_{state.get(keys['chart_nonce'], 0)}"
    st.caption("Tap each area that hurts (tap again to clear it), or choose with the buttons below.")
    st.vega_lite_chart(
        charts.body_picker_spec(picked=state.get(keys["areas"], []), implied=_radio_areas(key)),
        key=chart_key,
        on_select=lambda: _tapped(key, chart_key),
        selection_mode=charts.PICKER_SELECTION,
        theme=None,
        width="stretch",
    )
    region = Region(st.radio(label, [r.value for r in Region], horizontal=True, key=keys["region"], on_change=_chosen_by_radio, args=(key,)))
    side = bodymap.REGION_SIDES.get(region)
    if region not in bodymap.REGION_SIDES:
        picked_side = st.radio(
            "Which side?", [s.value for s in Side], index=None, format_func=lambda v: SIDE_LABELS[Side(v)], horizontal=True,
            key=keys["side"], on_change=_chosen_by_radio, args=(key,),
        )  # fmt: skip
        side = Side(picked_side) if picked_side else None
    areas = tuple(BodyArea(area) for area in state.get(keys["areas"], []))
    if areas:
        st.caption(f"Marked: {bodymap.describe(region, side and side.value, bodymap.to_text(areas))}.")
    return bodymap.PainLocation(region, side, areas)


# For physios: notes and the clinician report ----------------------------------------------------


def clinical_note_form(viewer: Viewer, athlete_id: int, *, key: str = "note") -> None:
    """A physio writes a clinical note (and, optionally, the summary the coach may read)."""
    with st.form(key, clear_on_submit=True):
        body = st.text_area("New clinical note (the athlete and physios with access read it)")
        summary = st.text_input("Short summary the coach may read (optional)")
        if st.form_submit_button("Save note"):
            try:
                with db_session() as db:
                    access.add_clinical_note(db, viewer=viewer, athlete_id=athlete_id, body=body, coach_summary=summary)
            except ValidationError as error:
                st.error(str(error))
            else:
                st.rerun()


def report_downloads(viewer: Viewer | None, athlete_id: int, name: str, start, end, *, key: str = "report") -> None:
    """The clinician report (HTML, prints to A4) and its data (CSV zip), each built from the
    database when its button is pressed — so a note saved a moment ago is in it — and checked
    against the viewer again then (tracker.report.clinician_report_for)."""
    from tracker.report import clinician_report_for, report_data_for

    engine = get_engine()
    stem = f"{name.replace(' ', '-').lower()}-{end}"

    def build(make):
        def built():
            with Session(engine) as db:
                return make(db, viewer=viewer, athlete_id=athlete_id, start=start, end=end)

        return built

    left, right = st.columns(2)
    left.download_button(
        "Download the report (HTML, prints to A4)", build(clinician_report_for), file_name=f"report-{stem}.html",
        mime="text/html", on_click="ignore", icon=":material/description:", key=f"{key}_html",
    )  # fmt: skip
    right.download_button(
        "Download its data (CSV, zip)", build(report_data_for), file_name=f"report-data-{stem}.zip",
        mime="application/zip", on_click="ignore", icon=":material/table:", key=f"{key}_zip",
    )  # fmt: skip


@st.cache_resource(show_spinner="Drawing the lifts…", max_entries=64)
def cached_lift_figures(url: str, athlete_id: int, data_version: int, start, end, lifts: tuple[str, ...], unit: str):
    """The e1RM and tonnage charts for other lifts than the view's own, without rebuilding the
    whole trends view (keyed on `data_version`, like `cached_trends`)."""
    from tracker.views import lift_data, lift_figures

    with Session(_engine_for(url)) as db:
        singles, work = lift_data(db, athlete_id=athlete_id, start=start, end=end)
    return lift_figures(singles, work=work, start=start, end=end, lifts=list(lifts), unit=unit)
