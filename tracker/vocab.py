"""The vocabularies shared by the tables and the pure core: units, movement patterns, set kinds,
and the words of a pain report (regions, qualities, timings, features, red flags).

One small module both sides import, so the science package never needs the database models.
"""

from enum import StrEnum


class Unit(StrEnum):
    KG = "kg"
    LB = "lb"


class Pattern(StrEnum):
    """Movement pattern of an exercise; advice weighs hinge/squat against hip and trunk work."""

    SQUAT = "squat"
    HINGE = "hinge"
    SINGLE_LEG = "single-leg"
    PUSH = "push"
    PULL = "pull"
    CARRY = "carry"
    TRUNK = "trunk"
    CONDITIONING = "conditioning"
    OTHER = "other"


class SetKind(StrEnum):
    WARMUP = "warm-up"
    WORKING = "working"
    DROP = "drop"
    FAILURE = "failure"


class Region(StrEnum):
    CENTRE = "low back centre"
    LEFT = "low back left"
    RIGHT = "low back right"
    BOTH = "low back both sides"
    BUTTOCK = "buttock"
    LEG = "leg"


class Side(StrEnum):
    """Which side hurts: the left/right detail of a pain report (None: the midline)."""

    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


class BodyArea(StrEnum):
    """The areas of the body chart a lifter taps (back view: low back, buttocks, backs of the
    legs; front view: hips, fronts of the thighs, shins). `tracker.bodymap` maps each to its Region and Side."""

    LOW_BACK_LEFT = "low-back-left"
    LOW_BACK_CENTRE = "low-back-centre"
    LOW_BACK_RIGHT = "low-back-right"
    BUTTOCK_LEFT = "buttock-left"
    BUTTOCK_RIGHT = "buttock-right"
    THIGH_BACK_LEFT = "thigh-back-left"
    THIGH_BACK_RIGHT = "thigh-back-right"
    CALF_LEFT = "calf-left"
    CALF_RIGHT = "calf-right"
    HIP_FRONT_LEFT = "hip-front-left"
    HIP_FRONT_RIGHT = "hip-front-right"
    THIGH_FRONT_LEFT = "thigh-front-left"
    THIGH_FRONT_RIGHT = "thigh-front-right"
    SHIN_LEFT = "shin-left"
    SHIN_RIGHT = "shin-right"


class Quality(StrEnum):
    DULL = "dull ache"
    SHARP = "sharp"
    BURNING = "burning/electric"


class Timing(StrEnum):
    DURING = "during session"
    AFTER = "after session"
    NEXT_MORNING = "next morning"
    REST_OR_NIGHT = "at rest or night"


class Feature(StrEnum):
    """Symptom features; each value is the name of a boolean column on PainEntry."""

    BELOW_KNEE = "below_knee"
    PINS_AND_NEEDLES = "pins_and_needles"
    ONE_LEG_WEAKNESS = "one_leg_weakness"
    WORSE_SITTING = "worse_sitting"
    WORSE_BENDING = "worse_bending"
    WORSE_ARCHING = "worse_arching"
    EASES_WITH_MOVEMENT = "eases_with_movement"
    WORSE_COUGHING = "worse_coughing"
    LEG_WORSE_THAN_BACK = "leg_worse_than_back"
    NERVE_SIGNS_WORSENING = "nerve_signs_worsening"
    RETURNS_EVERY_SESSION = "returns_every_session"


class RedFlag(StrEnum):
    """Red flags; each value is the name of a boolean column on PainEntry."""

    SADDLE_NUMBNESS = "saddle_numbness"
    BLADDER_BOWEL = "bladder_bowel_change"
    BOTH_LEGS = "both_legs_weak_or_numb"
    FEVER_UNWELL = "fever_or_unwell"
    CONSTANT_PAIN = "constant_pain"
    TRAUMA = "recent_trauma"
    CANNOT_PASS_URINE = "cannot_pass_urine"


FEATURE_LABELS: dict[Feature, str] = {
    Feature.BELOW_KNEE: "pain below the knee",
    Feature.PINS_AND_NEEDLES: "pins and needles or numbness",
    Feature.ONE_LEG_WEAKNESS: "weakness in one leg",
    Feature.WORSE_SITTING: "worse sitting",
    Feature.WORSE_BENDING: "worse bending forward",
    Feature.WORSE_ARCHING: "worse arching back",
    Feature.EASES_WITH_MOVEMENT: "eases with movement",
    Feature.WORSE_COUGHING: "worse coughing or sneezing",
    Feature.LEG_WORSE_THAN_BACK: "leg pain worse than the back pain",
    Feature.NERVE_SIGNS_WORSENING: "weakness or numbness getting worse",
    Feature.RETURNS_EVERY_SESSION: "settles with rest but comes back every session",
}

RED_FLAG_LABELS: dict[RedFlag, str] = {
    RedFlag.SADDLE_NUMBNESS: "numbness in the saddle area or genitals",
    RedFlag.BLADDER_BOWEL: "new change in bladder or bowel control",
    RedFlag.BOTH_LEGS: "weakness or numbness in both legs",
    RedFlag.FEVER_UNWELL: "fever or feeling unwell",
    RedFlag.CONSTANT_PAIN: "constant pain not eased by rest or changing position",
    RedFlag.TRAUMA: "recent fall or trauma",
    RedFlag.CANNOT_PASS_URINE: "unable to pass urine",
}


class ScreenItem(StrEnum):
    """The one-off back-pain screen (history items after Finucane et al. 2020), asked the first
    time pain is logged; each value is a boolean column on BackScreen."""

    PREVIOUS_BACK_PAIN = "previous_back_pain"
    CANCER_HISTORY = "cancer_history"
    WEIGHT_LOSS = "unexplained_weight_loss"
    STEROIDS_OR_IMMUNOSUPPRESSION = "steroids_or_immunosuppression"
    INJECTED_DRUG_USE = "injected_drug_use"
    OSTEOPOROSIS = "osteoporosis"
    THORACIC_PAIN = "thoracic_pain"


SCREEN_QUESTIONS: dict[ScreenItem, str] = {
    ScreenItem.PREVIOUS_BACK_PAIN: "Have you had low back pain before (before using this app)?",
    ScreenItem.CANCER_HISTORY: "Have you ever had cancer?",
    ScreenItem.WEIGHT_LOSS: "Have you lost weight recently without trying?",
    ScreenItem.STEROIDS_OR_IMMUNOSUPPRESSION: "Do you take steroid tablets, or medicine that weakens the immune system?",
    ScreenItem.INJECTED_DRUG_USE: "Have you injected drugs (not prescribed)?",
    ScreenItem.OSTEOPOROSIS: "Have you been told you have osteoporosis (thin bones)?",
    ScreenItem.THORACIC_PAIN: "Do you also have pain in the upper or middle back (between the shoulder blades)?",
}

SCREEN_LABELS: dict[ScreenItem, str] = {
    ScreenItem.PREVIOUS_BACK_PAIN: "back pain before",
    ScreenItem.CANCER_HISTORY: "a history of cancer",
    ScreenItem.WEIGHT_LOSS: "unexplained weight loss",
    ScreenItem.STEROIDS_OR_IMMUNOSUPPRESSION: "steroid or immune-suppressing medicine",
    ScreenItem.INJECTED_DRUG_USE: "injected drug use",
    ScreenItem.OSTEOPOROSIS: "osteoporosis",
    ScreenItem.THORACIC_PAIN: "pain in the upper or middle back",
}


class AvailabilityStatus(StrEnum):
    """What an athlete may do, as their physio (or, without one, their coach) set it."""

    AVAILABLE = "available"
    MODIFIED = "modified"  # trains with a restriction, named in a one-line note
    UNAVAILABLE = "unavailable"


SIDE_LABELS: dict[Side, str] = {Side.LEFT: "left", Side.RIGHT: "right", Side.BOTH: "both sides"}

BODY_AREA_LABELS: dict[BodyArea, str] = {
    BodyArea.LOW_BACK_LEFT: "low back, left",
    BodyArea.LOW_BACK_CENTRE: "low back, centre",
    BodyArea.LOW_BACK_RIGHT: "low back, right",
    BodyArea.BUTTOCK_LEFT: "left buttock",
    BodyArea.BUTTOCK_RIGHT: "right buttock",
    BodyArea.THIGH_BACK_LEFT: "back of the left thigh",
    BodyArea.THIGH_BACK_RIGHT: "back of the right thigh",
    BodyArea.CALF_LEFT: "left calf (below the knee)",
    BodyArea.CALF_RIGHT: "right calf (below the knee)",
    BodyArea.HIP_FRONT_LEFT: "front of the left hip and groin",
    BodyArea.HIP_FRONT_RIGHT: "front of the right hip and groin",
    BodyArea.THIGH_FRONT_LEFT: "front of the left thigh",
    BodyArea.THIGH_FRONT_RIGHT: "front of the right thigh",
    BodyArea.SHIN_LEFT: "left shin and foot (below the knee)",
    BodyArea.SHIN_RIGHT: "right shin and foot (below the knee)",
}
