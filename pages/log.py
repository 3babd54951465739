"""Log a session — sets, session RPE, duration — and how the back feels, in one flow.

Thin: widgets in, `tracker.store` out. Red flags ticked in the back check-in are screened by
`tracker.science.triage` at once and shown above everything else.
"""

import datetime as dt

import pandas as pd
import streamlit as st

from tracker import access, store
from tracker.checkin import checkin_due
from tracker.errors import TrackerError, ValidationError
from tracker.schemas import SetIn, validate
from tracker.science.triage import Report, triage
from tracker.science.units import from_kg
from tracker.ui import body_chart_picker, clear_body_chart, db_session, field_error, own_athlete, problems_of, show_triage, signed_in
from tracker.vocab import FEATURE_LABELS, RED_FLAG_LABELS, Feature, Quality, RedFlag, Region, SetKind, Timing

CR10 = {
    0: "Rest", 1: "Very, very easy", 2: "Easy", 3: "Moderate", 4: "Somewhat hard", 5: "Hard",
    6: "Hard +", 7: "Very hard", 8: "Very hard +", 9: "Near maximal", 10: "Maximal",
}  # fmt: skip
KINDS = [kind.value for kind in SetKind]
EFFORT = [None, 6.0, 6.5, 7.0, 7.5, 8.0, 8.5, 9.0, 9.5, 10.0]
SET_COLUMNS = ["exercise", "reps", "weight", "kind", "rpe", "rir"]
RED_FLAG_KEYS = {flag: f"flag_{flag.value}" for flag in RedFlag}

FORM_DEFAULTS = {"session_date": None, "session_name": "", "duration": 60, "session_rpe": 5, "notes": "", "pain": 0}

state = st.session_state


def reset_form() -> None:
    """Clear the draft for the next session. Only ever runs before the widgets of a run exist
    (Streamlit refuses changes to a widget's value once it is drawn): ask with `state.reset = True`."""
    state.draft_sets = []
    state.editor_version = state.get("editor_version", 0) + 1
    state.problems = {}
    state.update({**FORM_DEFAULTS, "session_date": dt.date.today()})
    for key in ("mode", "confirm_delete", "loaded_id", "repeat_name", *RED_FLAG_KEYS.values()):
        state.pop(key, None)
    clear_body_chart("pain")


if state.pop("reset", False) or "draft_sets" not in state:
    reset_form()


def ticked_red_flags() -> list[RedFlag]:
    return [flag for flag, key in RED_FLAG_KEYS.items() if state.get(key)]


def sets_as_rows(training_session, unit: str) -> list[dict]:
    return [
        {"exercise": s.exercise.name, "reps": s.reps, "weight": round(from_kg(s.weight_kg, unit), 2), "kind": s.kind, "rpe": s.rpe, "rir": s.rir}
        for s in training_session.sets
    ]


st.title("Log a session")

# Red flags first: ticked below, shown here at the top on the very next rerun.
screened = None
if flags := ticked_red_flags():
    report = Report(recorded_at=dt.datetime.now(), pain=int(state.get("pain", 0)), region=Region.CENTRE, red_flags=frozenset(flags))
    screened = triage([report], on=dt.date.today())
    show_triage(screened)

with db_session() as db:
    viewer = signed_in(db)
    athlete = own_athlete(db, viewer)
    if athlete is None:
        st.info("Create your athlete profile first.")
        st.page_link("pages/welcome.py", label="Get started", icon=":material/waving_hand:")
        st.stop()
    unit = athlete.unit
    problems = state.problems
    if checkin_due(db, athlete_id=athlete.id, today=dt.date.today()):
        st.page_link("pages/checkin.py", label="Your weekly back check-in is due: four quick questions", icon=":material/fact_check:")

    mode = st.segmented_control("What to do", ["New session", "Edit a past session"], default="New session", key="mode") or "New session"
    editing = None
    if mode == "Edit a past session":
        past = store.recent_sessions(db, athlete_id=athlete.id)
        if not past:
            st.info("No sessions logged yet.")
            st.stop()
        labels = {s.id: f"{s.date:%a %d %b %Y} — {s.name or 'session'} ({len(s.sets)} sets)" for s in past}
        chosen = st.selectbox("Session", list(labels), format_func=labels.get, key="edit_id")
        editing = store.get_session(db, session_id=chosen)
        if state.get("loaded_id") != chosen:
            state.loaded_id = chosen
            state.draft_sets = sets_as_rows(editing, unit)
            state.editor_version += 1
            state.session_name, state.duration, state.session_rpe = editing.name or "", editing.duration_min or 60, int(round(editing.rpe or 5))
            state.notes, state.session_date = editing.notes or "", editing.date
            st.rerun()
    elif state.get("loaded_id") is not None:
        state.reset = True
        st.rerun()

    # Session -------------------------------------------------------------------------------
    names = store.session_names(db, athlete_id=athlete.id)
    if editing is None and names:
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        repeat = left.selectbox("Repeat a previous session", names, index=None, placeholder="Pick a routine to pre-fill", key="repeat_name")
        if right.button("Repeat", icon=":material/replay:", disabled=repeat is None):
            previous = store.last_session(db, athlete_id=athlete.id, name=repeat)
            state.draft_sets = sets_as_rows(previous, unit)
            state.editor_version += 1
            state.session_name = previous.name
            state.duration, state.session_rpe = previous.duration_min or 60, int(round(previous.rpe or 5))
            st.rerun()

    left, right = st.columns(2)
    session_date = left.date_input("Date", max_value=dt.date.today(), key="session_date")
    field_error(problems, "date")
    session_name = right.text_input("Session name", max_chars=80, placeholder="e.g. Lower A", key="session_name")

    left, right = st.columns(2)
    duration = left.number_input("Duration (minutes)", min_value=1, max_value=600, step=5, key="duration")
    field_error(problems, "duration_min")
    session_rpe = right.select_slider(
        "Session RPE — how hard was the whole session?",
        options=list(CR10),
        format_func=lambda v: f"{v} · {CR10[v]}",
        key="session_rpe",
        help="Foster's CR-10 scale, about 30 minutes after training.",
    )
    field_error(problems, "rpe")

    # Sets -----------------------------------------------------------------------------------
    st.subheader("Sets")
    catalogue = [exercise.name for exercise in store.list_exercises(db)]
    with st.container(border=True):
        exercise = st.selectbox(
            "Exercise", catalogue, index=None, accept_new_options=True, placeholder="Type to search, or a new name", key="add_exercise"
        )
        cols = st.columns(4)
        count = cols[0].number_input("Sets", min_value=1, max_value=20, value=3, key="add_count")
        reps = cols[1].number_input("Reps", min_value=0, value=5, key="add_reps")
        weight = cols[2].number_input(f"Weight ({unit})", min_value=0.0, value=0.0, step=2.5 if unit == "kg" else 5.0, key="add_weight")
        effort = cols[3].selectbox("RPE", EFFORT, format_func=lambda v: "—" if v is None else f"{v:g}", key="add_rpe")
        kind = st.segmented_control("Kind", KINDS, default="working", key="add_kind") or "working"
        field_error(problems, "add")
        add = st.button("Add sets", icon=":material/add:", disabled=not exercise)

    editor_key = f"sets_{state.editor_version}"
    table = pd.DataFrame(state.draft_sets, columns=SET_COLUMNS)
    edited = st.data_editor(
        table,
        key=editor_key,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={
            "exercise": st.column_config.SelectboxColumn("Exercise", options=sorted(set(catalogue) | set(table["exercise"].dropna())), required=True),
            "reps": st.column_config.NumberColumn("Reps", min_value=0, max_value=100, step=1, required=True),
            "weight": st.column_config.NumberColumn(f"Weight ({unit})", min_value=0.0, step=0.5),
            "kind": st.column_config.SelectboxColumn("Kind", options=KINDS, required=True),
            "rpe": st.column_config.NumberColumn("RPE", min_value=0.0, max_value=10.0, step=0.5),
            "rir": st.column_config.NumberColumn("RIR", min_value=0, max_value=10, step=1),
        },
    )
    set_problems = {field: message for field, message in problems.items() if field.startswith("sets.")}
    for message in set_problems.values():
        st.error(message)
    if add:
        try:
            row = validate(SetIn, {"exercise": exercise, "reps": reps, "weight": weight, "unit": unit, "kind": kind, "rpe": effort})
        except ValidationError as error:
            state.problems = {"add": str(error)}
        else:
            current = edited.to_dict("records")
            state.draft_sets = current + [
                {"exercise": row.exercise, "reps": row.reps, "weight": row.weight, "kind": row.kind.value, "rpe": row.rpe, "rir": None}
            ] * int(count)
            state.editor_version += 1
            state.problems = {}
        st.rerun()

    notes = st.text_area("Notes", key="notes", placeholder="How did it go?")

    # Back check-in --------------------------------------------------------------------------
    check_in = None
    if editing is None:
        st.subheader("How does your back feel?")
        pain = st.slider("Pain right now (0 = none, 10 = worst imaginable)", 0, 10, key="pain")
        field_error(problems, "pain")
        if pain > 0:
            location = body_chart_picker(key="pain", label="Where?")
            quality = st.radio("What does it feel like?", [q.value for q in Quality], horizontal=True, key="pain_quality")
            timing = st.radio("When did it start?", [t.value for t in Timing], horizontal=True, key="pain_timing")
            features = st.multiselect(
                "Anything else?", [f.value for f in Feature], format_func=lambda v: FEATURE_LABELS[Feature(v)], key="pain_features"
            )
        st.markdown("**Do you have any of these?** Tick any that apply.")
        for flag, key in RED_FLAG_KEYS.items():
            st.checkbox(RED_FLAG_LABELS[flag].capitalize(), key=key)
        if screened is not None:  # also here, where the lifter is looking when they tick it
            show_triage(screened)
        if pain > 0 or ticked_red_flags():
            when = dt.datetime.now() if session_date == dt.date.today() else dt.datetime.combine(session_date, dt.time(21, 0))
            check_in = {
                "recorded_at": when,
                "pain": pain,
                **(location.fields() if pain > 0 else {"region": Region.CENTRE.value}),
                "quality": quality if pain > 0 else None,
                "timing": timing if pain > 0 else None,
                "features": sorted(set(features) | location.implied_features) if pain > 0 else [],
                "red_flags": [flag.value for flag in ticked_red_flags()],
            }

    # Save -----------------------------------------------------------------------------------
    rows = edited.dropna(subset=["exercise"]).to_dict("records")
    session = {
        "date": session_date,
        "name": session_name or None,
        "duration_min": int(duration),
        "rpe": float(session_rpe),
        "notes": notes or None,
        "sets": [
            {
                "exercise": row["exercise"],
                "reps": row["reps"],
                "weight": 0.0 if pd.isna(row["weight"]) else row["weight"],
                "unit": unit,
                "kind": row["kind"],
                "rpe": None if pd.isna(row["rpe"]) else row["rpe"],
                "rir": None if pd.isna(row["rir"]) else row["rir"],
            }
            for row in rows
        ],
    }
    save_label = "Save changes" if editing else "Save session"
    if st.button(save_label, type="primary", icon=":material/save:", width="stretch"):
        try:
            if editing:
                access.change_session(db, viewer=viewer, session_id=editing.id, data=session)
            else:
                access.log_session(db, viewer=viewer, athlete_id=athlete.id, data=session, pain=check_in)
        except ValidationError as error:
            state.problems = problems_of(error)
            st.rerun()
        except TrackerError as error:
            st.error(str(error))
        else:
            count = len(session["sets"])
            state.saved_message = (
                f"Session saved: {count} set{'s' if count != 1 else ''}, session load "
                f"{session['rpe'] * session['duration_min']:.0f} AU (RPE {session['rpe']:g} × {session['duration_min']} min)."
            )
            state.reset = True
            st.rerun()

    if editing is not None:
        confirm = st.checkbox("Yes, delete this session and its sets", key="confirm_delete")
        if st.button("Delete session", icon=":material/delete:", disabled=not confirm):
            access.remove_session(db, viewer=viewer, session_id=editing.id)
            st.toast("Session deleted", icon=":material/delete:")
            state.reset = True
            st.rerun()

if message := state.pop("saved_message", None):
    st.success(message, icon=":material/check_circle:")
    st.page_link("pages/trends.py", label="See where your load stands now", icon=":material/monitoring:")
