"""Built-in exercise catalogue: common gym lifts with their movement pattern and spinal flag.

Names follow the Strong/Hevy export style ("Squat (Barbell)", "Lat Pulldown (Cable)") so
that importers can match exported names to these entries.

`spinal_load` is True when the lift puts a large compressive or shear load through the
lumbar spine. Two rules decide it:
- Hinged-trunk lifts are flagged whatever the implement, because the shear comes from the
  unsupported, inclined torso: deadlifts of every kind, RDLs, good mornings, unsupported
  bent-over rows (barbell, dumbbell, Pendlay, T-bar) and the Olympic lifts and their pulls
  (cleans, snatches).
- Upright lifts are flagged when a barbell (or yoke) loads the spine directly: back, front,
  overhead and Smith-machine squats, jerks and push press, standing barbell overhead press,
  barbell shrugs, barbell lunges and split squats, and barbell carries.
Not flagged: machine or supported work (leg press, hack squat, hip thrust, chest-supported
and cable rows, bench press), upright work with the load at the sides or chest (goblet squat,
dumbbell lunges, farmer's walk, suitcase carry), single-leg RDLs and kettlebell swings (light
loads), and trunk and conditioning work. Sets of flagged lifts count towards a session's
spinal tonnage.

Isolation work takes the closest pattern: curls and rows are pull; presses, raises and
triceps work are push; leg extension is squat; leg curls are hinge; calf raises and isolated
hip abduction/adduction are other.
"""

from typing import NamedTuple

from tracker.vocab import Pattern

__all__ = ["CATALOGUE", "CatalogueEntry"]


class CatalogueEntry(NamedTuple):
    name: str
    pattern: Pattern
    spinal_load: bool


_SQ = Pattern.SQUAT
_HI = Pattern.HINGE
_SL = Pattern.SINGLE_LEG
_PU = Pattern.PUSH
_PL = Pattern.PULL
_CA = Pattern.CARRY
_TR = Pattern.TRUNK
_CO = Pattern.CONDITIONING
_OT = Pattern.OTHER

_E = CatalogueEntry

CATALOGUE: tuple[CatalogueEntry, ...] = (
    # Squat
    _E("Squat (Barbell)", _SQ, True),
    _E("Front Squat (Barbell)", _SQ, True),
    _E("Box Squat (Barbell)", _SQ, True),
    _E("Pause Squat (Barbell)", _SQ, True),
    _E("Overhead Squat (Barbell)", _SQ, True),
    _E("Zercher Squat (Barbell)", _SQ, True),
    _E("Safety Bar Squat", _SQ, True),
    _E("Squat (Smith Machine)", _SQ, True),
    _E("Thruster (Barbell)", _SQ, True),
    _E("Goblet Squat (Kettlebell)", _SQ, False),
    _E("Goblet Squat (Dumbbell)", _SQ, False),
    _E("Air Squat", _SQ, False),
    _E("Hack Squat (Machine)", _SQ, False),
    _E("Belt Squat (Machine)", _SQ, False),
    _E("Leg Press", _SQ, False),
    _E("Wall Sit", _SQ, False),
    _E("Leg Extension (Machine)", _SQ, False),
    # Hinge
    _E("Deadlift (Barbell)", _HI, True),
    _E("Sumo Deadlift (Barbell)", _HI, True),
    _E("Trap Bar Deadlift", _HI, True),
    _E("Deficit Deadlift (Barbell)", _HI, True),
    _E("Rack Pull (Barbell)", _HI, True),
    _E("Deadlift (Dumbbell)", _HI, True),
    _E("Romanian Deadlift (Barbell)", _HI, True),
    _E("Romanian Deadlift (Dumbbell)", _HI, True),
    _E("Stiff Leg Deadlift (Barbell)", _HI, True),
    _E("Good Morning (Barbell)", _HI, True),
    _E("Power Clean", _HI, True),
    _E("Hang Clean", _HI, True),
    _E("Clean", _HI, True),
    _E("Clean and Jerk", _HI, True),
    _E("Clean Pull (Barbell)", _HI, True),
    _E("Power Snatch", _HI, True),
    _E("Hang Snatch", _HI, True),
    _E("Snatch", _HI, True),
    _E("Kettlebell Swing", _HI, False),
    _E("Hip Thrust (Barbell)", _HI, False),
    _E("Hip Thrust (Machine)", _HI, False),
    _E("Glute Bridge", _HI, False),
    _E("Cable Pull Through", _HI, False),
    _E("Back Extension", _HI, False),
    _E("Reverse Hyperextension", _HI, False),
    _E("Glute Ham Raise", _HI, False),
    _E("Nordic Hamstring Curl", _HI, False),
    _E("Lying Leg Curl (Machine)", _HI, False),
    _E("Seated Leg Curl (Machine)", _HI, False),
    # Single-leg
    _E("Bulgarian Split Squat", _SL, False),
    _E("Split Squat (Dumbbell)", _SL, False),
    _E("Split Squat (Barbell)", _SL, True),
    _E("Lunge (Dumbbell)", _SL, False),
    _E("Lunge (Barbell)", _SL, True),
    _E("Reverse Lunge (Dumbbell)", _SL, False),
    _E("Walking Lunge (Dumbbell)", _SL, False),
    _E("Lateral Lunge", _SL, False),
    _E("Step Up (Dumbbell)", _SL, False),
    _E("Single Leg Romanian Deadlift (Dumbbell)", _SL, False),
    _E("Single Leg Glute Bridge", _SL, False),
    _E("Single Leg Press", _SL, False),
    _E("Pistol Squat", _SL, False),
    # Push
    _E("Bench Press (Barbell)", _PU, False),
    _E("Bench Press (Dumbbell)", _PU, False),
    _E("Bench Press (Smith Machine)", _PU, False),
    _E("Incline Bench Press (Barbell)", _PU, False),
    _E("Incline Bench Press (Dumbbell)", _PU, False),
    _E("Decline Bench Press (Barbell)", _PU, False),
    _E("Close Grip Bench Press (Barbell)", _PU, False),
    _E("Floor Press (Barbell)", _PU, False),
    _E("Chest Press (Machine)", _PU, False),
    _E("Chest Fly (Dumbbell)", _PU, False),
    _E("Chest Fly (Machine)", _PU, False),
    _E("Cable Crossover", _PU, False),
    _E("Push Up", _PU, False),
    _E("Chest Dip", _PU, False),
    _E("Overhead Press (Barbell)", _PU, True),
    _E("Push Press", _PU, True),
    _E("Push Jerk (Barbell)", _PU, True),
    _E("Split Jerk (Barbell)", _PU, True),
    _E("Overhead Press (Dumbbell)", _PU, False),
    _E("Seated Overhead Press (Dumbbell)", _PU, False),
    _E("Shoulder Press (Machine)", _PU, False),
    _E("Arnold Press (Dumbbell)", _PU, False),
    _E("Landmine Press", _PU, False),
    _E("Handstand Push Up", _PU, False),
    _E("Lateral Raise (Dumbbell)", _PU, False),
    _E("Lateral Raise (Cable)", _PU, False),
    _E("Front Raise (Dumbbell)", _PU, False),
    _E("Triceps Pushdown (Cable - Straight Bar)", _PU, False),
    _E("Triceps Rope Pushdown", _PU, False),
    _E("Triceps Extension (Dumbbell)", _PU, False),
    _E("Triceps Extension (Cable)", _PU, False),
    _E("Skullcrusher (Barbell)", _PU, False),
    _E("Triceps Dip", _PU, False),
    # Pull
    _E("Pull Up", _PL, False),
    _E("Pull Up (Assisted)", _PL, False),
    _E("Pull Up (Weighted)", _PL, False),
    _E("Chin Up", _PL, False),
    _E("Chin Up (Assisted)", _PL, False),
    _E("Lat Pulldown (Cable)", _PL, False),
    _E("Lat Pulldown (Machine)", _PL, False),
    _E("Straight Arm Pulldown (Cable)", _PL, False),
    _E("Seated Row (Cable)", _PL, False),
    _E("Seated Row (Machine)", _PL, False),
    _E("Chest Supported Row (Dumbbell)", _PL, False),
    _E("Seal Row (Barbell)", _PL, False),
    _E("Bent Over One Arm Row (Dumbbell)", _PL, False),
    _E("Inverted Row", _PL, False),
    _E("Bent Over Row (Barbell)", _PL, True),
    _E("Bent Over Row (Dumbbell)", _PL, True),
    _E("Pendlay Row (Barbell)", _PL, True),
    _E("T Bar Row", _PL, True),
    _E("Face Pull (Cable)", _PL, False),
    _E("Reverse Fly (Dumbbell)", _PL, False),
    _E("Reverse Fly (Machine)", _PL, False),
    _E("Upright Row (Barbell)", _PL, False),
    _E("Shrug (Barbell)", _PL, True),
    _E("Shrug (Dumbbell)", _PL, False),
    _E("Bicep Curl (Barbell)", _PL, False),
    _E("Bicep Curl (Dumbbell)", _PL, False),
    _E("Bicep Curl (Cable)", _PL, False),
    _E("EZ Bar Biceps Curl", _PL, False),
    _E("Hammer Curl (Dumbbell)", _PL, False),
    _E("Preacher Curl (Barbell)", _PL, False),
    _E("Incline Curl (Dumbbell)", _PL, False),
    _E("Concentration Curl (Dumbbell)", _PL, False),
    # Carry
    _E("Farmer's Walk", _CA, False),
    _E("Suitcase Carry", _CA, False),
    _E("Front Rack Carry (Kettlebell)", _CA, False),
    _E("Overhead Carry (Kettlebell)", _CA, False),
    _E("Zercher Carry (Barbell)", _CA, True),
    _E("Yoke Carry", _CA, True),
    # Trunk
    _E("Plank", _TR, False),
    _E("Side Plank", _TR, False),
    _E("Copenhagen Plank", _TR, False),
    _E("Dead Bug", _TR, False),
    _E("Bird Dog", _TR, False),
    _E("Pallof Press", _TR, False),
    _E("McGill Curl Up", _TR, False),
    _E("Back Extension Hold", _TR, False),
    _E("Hollow Body Hold", _TR, False),
    _E("Stir the Pot", _TR, False),
    _E("Ab Wheel", _TR, False),
    _E("Hanging Leg Raise", _TR, False),
    _E("Hanging Knee Raise", _TR, False),
    _E("Knee Raise (Captain's Chair)", _TR, False),
    _E("Toes to Bar", _TR, False),
    _E("Lying Leg Raise", _TR, False),
    _E("Sit Up", _TR, False),
    _E("Crunch", _TR, False),
    _E("Cable Crunch", _TR, False),
    _E("Reverse Crunch", _TR, False),
    _E("Bicycle Crunch", _TR, False),
    _E("Russian Twist", _TR, False),
    _E("Wood Chop (Cable)", _TR, False),
    _E("Landmine Rotation", _TR, False),
    # Conditioning
    _E("Rowing (Machine)", _CO, False),
    _E("Assault Bike", _CO, False),
    _E("Cycling", _CO, False),
    _E("Cycling (Indoor)", _CO, False),
    _E("Running", _CO, False),
    _E("Running (Treadmill)", _CO, False),
    _E("Walking", _CO, False),
    _E("Hiking", _CO, False),
    _E("Elliptical Trainer", _CO, False),
    _E("Stair Climber (Machine)", _CO, False),
    _E("Ski Erg", _CO, False),
    _E("Swimming", _CO, False),
    _E("Jump Rope", _CO, False),
    _E("Sled Push", _CO, False),
    _E("Sled Pull", _CO, False),
    _E("Battle Ropes", _CO, False),
    _E("Burpee", _CO, False),
    _E("Box Jump", _CO, False),
    # Other (calves, isolated hip abduction/adduction)
    _E("Standing Calf Raise (Machine)", _OT, False),
    _E("Seated Calf Raise (Machine)", _OT, False),
    _E("Calf Raise (Bodyweight)", _OT, False),
    _E("Hip Abduction (Machine)", _OT, False),
    _E("Hip Adduction (Machine)", _OT, False),
    _E("Clamshell", _OT, False),
    _E("Lateral Band Walk", _OT, False),
)

del _E, _SQ, _HI, _SL, _PU, _PL, _CA, _TR, _CO, _OT
