"""Log a session the way Strong or Hevy do: one card per exercise, its sets as rows pre-filled
from the last time, a ✓ per set as it is done; then how hard it was and how the back feels.

Thin: the draft and its rules live in `tracker.drafts` (kept server-side per athlete until saved
or discarded, so a refresh or a closed tab loses nothing), the pre-fill in `tracker.logbook`,
personal bests in `tracker.records`, the back check-in in `tracker.ui.back_checkin`.
"""

import datetime as dt
import json

import streamlit as st

from tracker import access, drafts, logbook, store, wording
from tracker.checkin import checkin_due
from tracker.errors import TrackerError, ValidationError
from tracker.schemas import LIMITS
from tracker.science.units import from_kg
from tracker.ui import (
    back_answers,
    back_checkin,
    back_screen_form,
    clear_back_answers,
    db_session,
    default_period,
    load_trends_code_early,
    own_athlete,
    possessive,
    restore_back_answers,
    show_triage,
    signed_in,
    trends_settings_key,
    warm_trends,
)  # fmt: skip

CR10 = {
    0: "Rest", 1: "Very, very easy", 2: "Easy", 3: "Moderate", 4: "Somewhat hard", 5: "Hard",
    6: "Hard +", 7: "Very hard", 8: "Very hard +", 9: "Near maximal", 10: "Maximal",
}  # fmt: skip
NEW, EDIT = "New session", "Edit a past session"
#: A set's row, in pixels, to fit a 390 px phone: its number, each value of the exercise's measure
#: (wide enough for − / + where they matter: weight, and the seconds of a hold), the ✓.
LABEL_PX = 22
FIELD_PX = {"weight": 140, "reps": 64, "seconds": 140, "distance_km": 96, "minutes": 96}
NARROW_SECONDS_PX = 96  # beside a weight (a carry): typed, no − / +
HEADINGS = {"reps": "reps", "seconds": "seconds", "distance_km": "km", "minutes": "min"}

state = st.session_state


# Changing the draft (callbacks: they run before the page redraws) ----------------------------


def draft() -> dict:
    return state.draft


def widget(name: str) -> str:
    """A widget key for this draft: a new draft gets fresh widgets."""
    return f"log{state.draft_gen}_{name}"


def on_field(field: str, key: str) -> None:
    value = state[key]
    draft()[field] = value.isoformat() if isinstance(value, dt.date) else value


def on_set(card_id: str, set_id: str, field: str, key: str) -> None:
    value = state[key]
    if field == "minutes":
        field, value = "seconds", None if value is None else value * 60
    drafts.change(draft(), card_id, set_id, field, value)


def on_add_exercise(athlete_id: int, unit: str, key: str) -> None:
    name = state[key]
    state[key] = None
    if name:
        with db_session() as db:
            drafts.add_card(draft(), logbook.plan_exercise(db, athlete_id=athlete_id, exercise=name, unit=unit))
        state.problems = {}


def on_routine(athlete_id: int, unit: str, key: str) -> None:
    name = state[key]
    if not name:
        return
    with db_session() as db:
        for planned in logbook.plan_routine(db, athlete_id=athlete_id, name=name, unit=unit):
            drafts.add_card(draft(), planned)
    draft()["name"] = name


def on_warmups(card_id: str, key: str) -> None:
    drafts.set_warmups(draft(), card_id, state[key] or [])


def start_over() -> None:
    """Forget the draft in this browser session; the next run starts a new session with fresh
    widgets (widget values can only be reset before they are drawn, hence the flag)."""
    state.pop("draft_owner", None)
    state.start_over = True


# Drawing ------------------------------------------------------------------------------------


def row_label(number: int, row: dict) -> str:
    return logbook.KIND_LETTERS.get(row["kind"], str(number))


def number_widget(field: str, row: dict, number: int, card: dict, unit: str, width: int) -> None:
    """One value of one set: − / + by the lifter's weight step (or 5 s) where there is room."""
    key = widget(f"{field}_{row['id']}")
    if field == "minutes":
        state[key] = None if row["seconds"] is None else round(row["seconds"] / 60, 2)
        options = {"min_value": 0.0, "max_value": LIMITS["seconds"].high / 60, "step": 0.5, "format": "%g"}
    elif field == "weight":
        state[key] = None if row["weight"] is None else float(row["weight"])
        high = round(from_kg(LIMITS["weight_kg"].high, unit), 1)
        options = {"min_value": 0.0, "max_value": high, "step": logbook.weight_step(unit), "format": "%g"}
    elif field == "distance_km":
        state[key] = None if row["distance_km"] is None else float(row["distance_km"])
        options = {"min_value": 0.0, "max_value": float(LIMITS["distance_km"].high), "step": 0.1, "format": "%g"}
    else:  # reps, seconds: whole numbers
        state[key] = None if row[field] is None else int(row[field])
        high = int(LIMITS[field].high)
        options = {"min_value": 0, "max_value": high, "step": logbook.SECONDS_STEP if field == "seconds" else 1}
    st.number_input(
        f"{card['exercise']}, set {number}, {unit if field == 'weight' else HEADINGS[field]}", key=key, label_visibility="collapsed",
        placeholder=HEADINGS.get(field, unit), width=width,
        on_change=on_set, args=(card["id"], row["id"], "minutes" if field == "minutes" else field, key), **options,
    )  # fmt: skip


def row(*, key: str | None = None):
    """A horizontal strip that stays one line on a phone (st.columns would stack or scroll)."""
    return st.container(horizontal=True, gap="small", vertical_alignment="center", wrap=False, key=key)


def draw_card(card: dict, unit: str, problems: dict) -> None:
    fields = logbook.FIELDS[card["measure"]]
    widths = {f: NARROW_SECONDS_PX if f == "seconds" and "weight" in fields else FIELD_PX[f] for f in fields}
    with st.container(border=True, key=widget(f"card_{card['id']}")):
        with row():
            st.markdown(f"**{card['exercise']}**  \n:gray[{'last time: ' + card['last'] if card['last'] else 'first time'}]")
            with st.popover("", icon=":material/more_vert:", help="Warm-up sets, remove a set or the exercise"):
                numbers = list(range(1, len(card["sets"]) + 1))
                key = widget(f"warmups_{card['id']}")
                state[key] = [n for n, item in zip(numbers, card["sets"]) if item["kind"] == "warm-up"]
                st.pills("Warm-up sets", numbers, selection_mode="multi", key=key, on_change=on_warmups, args=(card["id"], key))
                st.button("Remove the last set", key=widget(f"less_{card['id']}"), on_click=drafts.remove_last_set, args=(draft(), card["id"]), disabled=not card["sets"])
                st.button(f"Remove {card['exercise']}", key=widget(f"drop_{card['id']}"), icon=":material/delete:", on_click=drafts.remove_card, args=(draft(), card["id"]))
        with row():
            st.caption("set", width=LABEL_PX)
            for field in fields:
                st.caption(unit if field == "weight" else HEADINGS[field], width=widths[field])
            st.caption("done")
        for number, item in enumerate(card["sets"], start=1):
            with row(key=widget(f"row_{item['id']}")):
                st.markdown(f"**{row_label(number, item)}**", width=LABEL_PX)
                for field in fields:
                    number_widget(field, item, number, card, unit, widths[field])
                st.button(
                    "", icon=":material/check:", key=widget(f"done_{item['id']}"), type="primary" if item["done"] else "secondary",
                    help=f"Set {number} done", on_click=drafts.toggle_done, args=(draft(), card["id"], item["id"]),
                )  # fmt: skip
        for message in problems.get(card["id"], []):
            st.error(message)
        with row():
            st.button("Add set", icon=":material/add:", key=widget(f"more_{card['id']}"), on_click=drafts.add_set, args=(draft(), card["id"]))
            all_done = bool(card["sets"]) and all(item["done"] for item in card["sets"])
            st.button(
                "Untick all" if all_done else "All done", icon=":material/done_all:", key=widget(f"finish_{card['id']}"),
                on_click=drafts.finish_card, args=(draft(), card["id"]),
            )  # fmt: skip


def saved_message(name: str, saved, records, unit: str) -> None:
    """Shown once after a save: what was stored, its load, and any personal best."""
    count = len(saved.sets)
    load = f", {saved.srpe_load:,.0f} AU (RPE {saved.rpe:g} × {saved.duration_min} min)" if saved.srpe_load is not None else ""
    state.saved_message = f"Saved {possessive(name)} session: {count} set{'s' if count != 1 else ''}{load}."
    state.saved_records = [record.describe(unit) for record in records]


def save(viewer, athlete, editing_id: int | None, *, with_unticked: bool) -> None:
    """Store the draft (ticked sets, or all of them); on a refusal, say where; else start over."""
    data, places = drafts.session_input(draft(), with_unticked=with_unticked)
    when = dt.datetime.now() if data["date"] == dt.date.today().isoformat() else dt.datetime.combine(dt.date.fromisoformat(data["date"]), dt.time(21, 0))
    pain = state.get("pain_report")
    if pain is not None:
        pain = {**pain, "recorded_at": when}
    with db_session() as db:
        try:
            if editing_id is not None:
                saved = access.change_session(db, viewer=viewer, session_id=editing_id, data=data)
            else:
                saved = access.log_session(db, viewer=viewer, athlete_id=athlete.id, data=data, pain=pain)
                access.discard_session_draft(db, viewer=viewer, athlete_id=athlete.id)
            records = access.personal_bests(db, viewer=viewer, athlete_id=athlete.id, session_id=saved.id)
            saved_message(athlete.name, saved, records, athlete.unit)
        except ValidationError as error:
            state.problems = placed_problems(error, places)
            return
        except TrackerError as error:
            state.problems = {"save": [str(error)]}
            return
    state.problems = {}
    start_over()


def report_pain_only(viewer, athlete_id: int) -> None:
    """Store the back check-in on its own (a rest day): a pain report, no session, no load. The
    rest of the draft (any exercises) is kept for later."""
    with db_session() as db:
        try:
            access.report_pain(db, viewer=viewer, athlete_id=athlete_id, data=state.pain_report)
        except TrackerError as error:
            state.problems = {"pain_only": [str(error)]}
            return
        draft()["back"] = {}
        if drafts.is_empty(draft()):
            access.discard_session_draft(db, viewer=viewer, athlete_id=athlete_id)
            state.kept_json = None
        triage = access.report(db, viewer=viewer, athlete_id=athlete_id, on=dt.date.today()).advice.triage
    clear_back_answers()  # a callback: before the check-in's widgets are drawn again
    state.pain_report = None
    state.problems = {}
    state.pain_saved = triage


@st.dialog("Back check-in saved")
def pain_saved_dialog(triage) -> None:
    st.success("Saved your back check-in. Nothing was added to your training load.", icon=":material/check_circle:")
    show_triage(triage)
    st.page_link("pages/trends.py", label="See what to do this week", icon=":material/monitoring:")
    if st.button("Done", type="primary", width="stretch"):
        st.rerun()


def placed_problems(error: ValidationError, places: list[tuple[str, str]]) -> dict[str, list[str]]:
    """Refused fields by where they are shown: on a set's card (numbered as on the card), or
    under the field of that name."""
    placed: dict[str, list[str]] = {}
    for problem in error.problems:
        parts = problem.field.split(".")
        if parts[0] == "sets" and len(parts) > 1 and parts[1].isdigit():
            card_id, set_id = places[int(parts[1])]
            number = next(n for n, item in enumerate(drafts.card(draft(), card_id)["sets"], start=1) if item["id"] == set_id)
            placed.setdefault(card_id, []).append(f"Set {number}: " + problem.message.split(": ", 1)[-1])
        else:
            placed.setdefault(parts[0], []).append(problem.message)
    return placed


def choose(choice: str | None) -> None:
    """What to do with un-ticked sets (from the dialog): "all", "ticked", or None to keep logging."""
    state.pop("asking", None)
    state.save_with = choice


def keep_logging() -> None:
    choose(None)


@st.dialog("Some sets are not ticked", on_dismiss=keep_logging)
def unticked_dialog(unticked: int) -> None:
    if "save_with" in state:  # chosen: the whole page acts on it (this dialog reruns on its own)
        st.rerun()
    st.markdown(f"{unticked} set{'s are' if unticked != 1 else ' is'} not ticked as done.")
    st.button("Save them as done too", type="primary", width="stretch", on_click=choose, args=("all",))
    st.button("Leave them out", width="stretch", on_click=choose, args=("ticked",))
    st.button("Keep logging", type="tertiary", width="stretch", on_click=keep_logging)


@st.dialog("Session saved")
def saved_dialog(message: str, records: list[str]) -> None:
    """Over the page, wherever it was scrolled to when Save was tapped."""
    st.success(message, icon=":material/check_circle:")
    for record in records:
        st.success(f"New personal best: {record}", icon=":material/trophy:")
    st.page_link("pages/trends.py", label="See where your load stands now", icon=":material/monitoring:")
    if st.button("Done", type="primary", width="stretch"):
        st.rerun()


# The page -----------------------------------------------------------------------------------

st.title("Log a session", anchor=False)
if state.pop("start_over", False):
    clear_back_answers()
    state.mode = NEW
    for key in ("edit_id", "confirm_delete"):
        state.pop(key, None)

with db_session() as db:
    viewer = signed_in(db)
    athlete = own_athlete(db, viewer)
    if athlete is None:
        st.info("Create your athlete profile first.")
        st.page_link("pages/welcome.py", label="Get started", icon=":material/waving_hand:")
        st.stop()
    unit = athlete.unit
    if message := state.pop("saved_message", None):
        saved_dialog(message, state.pop("saved_records", []))
    elif (triage := state.pop("pain_saved", None)) is not None:
        pain_saved_dialog(triage)
    if checkin_due(db, athlete_id=athlete.id, today=dt.date.today()):
        st.page_link("pages/checkin.py", label="Your weekly back check-in is due: four quick questions", icon=":material/fact_check:")

    mode = st.segmented_control("What to do", [NEW, EDIT], default=NEW, key="mode") or NEW
    editing = None
    if mode == EDIT:
        past = store.recent_sessions(db, athlete_id=athlete.id)
        if not past:
            st.info("No sessions logged yet.")
            st.stop()
        labels = {s.id: f"{wording.day(s.date)} — {s.name or 'session'} ({len(s.sets)} sets)" for s in past}
        chosen = st.selectbox("Session", list(labels), format_func=labels.get, key="edit_id")
        editing = store.get_session(db, session_id=chosen)

    # The draft this page shows: the athlete's kept draft, a new one, or the session being edited.
    owner = (athlete.id, editing.id if editing else None)
    if state.get("draft_owner") != owner:
        kept = None if editing else access.session_draft(db, viewer=viewer, athlete_id=athlete.id)
        if editing:
            state.draft = drafts.from_session(editing, unit=unit)
        else:
            state.draft = kept or drafts.new_draft(unit=unit, today=dt.date.today(), usual=logbook.usual_session(db, athlete_id=athlete.id))
        state.draft_owner, state.draft_gen = owner, state.get("draft_gen", 0) + 1
        state.kept_json = json.dumps(state.draft, sort_keys=True) if kept else None
        state.problems = {}
        clear_back_answers()
        restore_back_answers(state.draft["back"])
    problems = state.get("problems", {})
    name = athlete.name

    if editing is None and (not drafts.is_empty(draft()) or state.get("kept_json") is not None):
        left, right = st.columns([3, 1], vertical_alignment="center", wrap=False)
        left.caption("Not saved yet: kept for you until you save or discard it, even if you close this page.")
        with right.popover("Discard", icon=":material/delete:"):
            st.markdown("Discard this session and start again?")
            if st.button("Yes, discard it", type="primary"):
                access.discard_session_draft(db, viewer=viewer, athlete_id=athlete.id)
                start_over()
                st.rerun()
    if editing is None and drafts.is_empty(draft()):
        routines = store.session_names(db, athlete_id=athlete.id)[:4]
        if routines:
            key = "log_routine"
            st.pills("Start from a previous session", routines, key=key, on_change=on_routine, args=(athlete.id, unit, key))

    # Date and name
    left, right = st.columns(2)
    key = "log_date"
    state[key] = dt.date.fromisoformat(draft()["date"])
    session_date = left.date_input("Date", key=key, format="DD/MM/YYYY", on_change=on_field, args=("date", key))
    future = session_date > dt.date.today()
    if future:
        left.error(f"The date cannot be in the future (today is {wording.day(dt.date.today())}).")
    for message in problems.get("date", []):
        left.error(message)
    key = "log_name"
    state[key] = draft()["name"]
    right.text_input("Session name", max_chars=80, placeholder="e.g. Lower A", key=key, on_change=on_field, args=("name", key))

    # One card per exercise
    for card in draft()["cards"]:
        draw_card(card, unit, problems)
    catalogue = [exercise.name for exercise in store.list_exercises(db)]
    key = "log_add"
    st.selectbox(
        "Add an exercise", catalogue, index=None, accept_new_options=True, placeholder="Type to search, or a new name",
        key=key, on_change=on_add_exercise, args=(athlete.id, unit, key),
    )  # fmt: skip
    for message in problems.get("sets", []):
        st.error(message)

    # How hard, how long
    key = "log_rpe"
    state[key] = None if draft()["rpe"] is None else int(round(draft()["rpe"]))
    effort = st.pills(
        "Session RPE — how hard was the whole session?", list(CR10), key=key, required=True, on_change=on_field, args=("rpe", key),
        help="Foster's CR-10 scale, about 30 minutes after training.",
    )  # fmt: skip
    st.caption(f"{effort} · {CR10[effort]}" if effort is not None else "Tap how hard it was, 0 (rest) to 10 (maximal).")
    for message in problems.get("rpe", []):
        st.error(message)
    key = "log_duration"
    state[key] = draft()["duration_min"]
    st.number_input(
        "Duration (minutes)", min_value=1, max_value=int(LIMITS["duration_min"].high), step=5, key=key, on_change=on_field, args=("duration_min", key)
    )
    for message in problems.get("duration_min", []):
        st.error(message)

    # The back check-in (a new session only: a saved one's pain reports are their own records)
    if editing is None:
        state.pain_report = back_checkin(when=dt.datetime.now())
        draft()["back"] = back_answers()
        if state.pain_report is not None:
            st.button(
                f"Report {possessive(name)} back pain only (no session)", icon=":material/healing:", width="stretch",
                key="pain_only", on_click=report_pain_only, args=(viewer, athlete.id),
                help="A rest day, or pain away from training: saved as a back check-in, nothing added to load.",
            )  # fmt: skip
            for message in problems.get("pain_only", []):
                st.error(message)
            if state.pain_report["pain"] >= 1 and access.back_screen(db, viewer=viewer, athlete_id=athlete.id) is None:
                back_screen_form(  # a form: it has its own border
                    db, viewer=viewer, athlete=athlete, key="first_screen",
                    intro="**First time logging back pain: a few questions, asked once.** Tick any that apply; "
                    "they change which symptoms need a clinician. You can change them later in Settings.",
                )  # fmt: skip
    else:
        state.pain_report = None

    key = "log_notes"
    state[key] = draft()["notes"]
    st.text_area("Notes", key=key, placeholder="How did it go?", height=68, on_change=on_field, args=("notes", key))

    # The trends this athlete will likely open next, worked out while they log.
    warm_trends(db, viewer, shown_id=athlete.id, others=False, settings_key=trends_settings_key(db), start=default_period(dt.date.today())[0], end=dt.date.today())

    # Keep the draft server-side whenever it changed (one small write) — once there is something
    # to keep: an exercise, or a back check-in with pain or a red flag.
    worth_keeping = not drafts.is_empty(draft()) or state.pain_report is not None
    if editing is None and (worth_keeping or state.get("kept_json") is not None):
        current = json.dumps(draft(), sort_keys=True)
        if current != state.get("kept_json"):
            access.keep_session_draft(db, viewer=viewer, athlete_id=athlete.id, draft=draft())
            state.kept_json = current

    for message in problems.get("save", []):
        st.error(message)
    label = f"Save changes to {possessive(name)} session" if editing else f"Save {possessive(name)} session"
    done, total = drafts.counts(draft())
    editing_id = editing.id if editing else None
    if st.button(label, type="primary", icon=":material/save:", width="stretch", disabled=future, key="save"):
        if total == 0:
            state.problems = {"sets": ["Add at least one exercise with a set before saving."]}
            st.rerun()
        elif done < total:
            state.asking = True  # until answered or dismissed
        else:
            state.save_with = "ticked"
    if state.get("asking"):
        unticked_dialog(total - done)
    if choice := state.pop("save_with", None):
        save(viewer, athlete, editing_id, with_unticked=choice == "all")
        st.rerun()

    if editing is not None:
        confirm = st.checkbox("Yes, delete this session and its sets", key="confirm_delete")
        if st.button(f"Delete {possessive(name)} session", icon=":material/delete:", disabled=not confirm):
            access.remove_session(db, viewer=viewer, session_id=editing.id)
            st.toast("Session deleted", icon=":material/delete:")
            start_over()
            st.rerun()

# Last on the page, out of the way: the browser readies the code Trends draws with meanwhile.
load_trends_code_early()
