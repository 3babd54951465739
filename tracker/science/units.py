"""Weight units. The database holds kilograms; pounds are converted on entry and display."""

from tracker.vocab import Unit

KG_PER_LB = 0.45359237  # exact, by international agreement (1959)


def to_kg(weight: float, unit: Unit | str) -> float:
    return weight * KG_PER_LB if Unit(unit) == Unit.LB else float(weight)


def from_kg(weight_kg: float, unit: Unit | str) -> float:
    return weight_kg / KG_PER_LB if Unit(unit) == Unit.LB else float(weight_kg)
