"""Yearly-km projection against the contract's bundle, with the settlement rules of the documents.

BE private lease (002, art. 4.11 and FAQ 31-34): bundles of 10.000-30.000 km; ending up in another
bundle costs or returns 12 x the monthly bundle-step tariff per contract year; above the largest
bundle every km costs 10 cent. NL business lease (004, art. 5.6 and 10.5): at 10 % or more deviation
the lease price is recalculated retroactively; below that the km are settled at the contract's
per-km price at the end.
"""

import math
from datetime import date
from decimal import Decimal

from api.customers.models import Contract
from api.formatting import euros, thousands
from api.mileage.schemas import Projection
from api.validation.rules import BE_KM_BUNDLES

MAX_BUNDLE_EXCESS_RATE = Decimal("0.10")
NL_RECALCULATION_THRESHOLD_PCT = 10.0
MIN_DAYS_FOR_RELIABLE_PROJECTION = 60


def _be_bundle_for(km: int) -> int:
    return next((bundle for bundle in BE_KM_BUNDLES if km <= bundle), BE_KM_BUNDLES[-1])


def project(contract: Contract, odometer_km: int, reading_date: date) -> Projection:
    bundle = contract.yearly_km or 0
    days = max(1, (reading_date - contract.start_date).days)
    projected = round(odometer_km / days * 365)
    deviation = round((projected - bundle) / bundle * 100, 1) if bundle else 0.0
    if contract.product == "nl_business_lease":
        result = _project_nl(contract, projected, bundle, deviation)
    else:
        result = _project_be(contract, projected, bundle, deviation)
    if days < MIN_DAYS_FOR_RELIABLE_PROJECTION:
        caution = f"Let op: het contract loopt pas {days} dagen, dus deze prognose is nog ruw. "
        result = result.model_copy(update={"advice_text": caution + result.advice_text})
    return result


def _project_be(contract: Contract, projected: int, bundle: int, deviation: float) -> Projection:
    suggested = _be_bundle_for(projected)
    step_price = contract.bundle_step_price_eur or Decimal("0")
    steps = BE_KM_BUNDLES.index(suggested) - BE_KM_BUNDLES.index(bundle) if bundle in BE_KM_BUNDLES else 0
    settlement = Decimal(steps) * step_price * 12
    above_max = max(0, projected - BE_KM_BUNDLES[-1])
    settlement += MAX_BUNDLE_EXCESS_RATE * above_max
    intro = (
        f"Aan dit tempo rijd je ongeveer {thousands(projected)} km per jaar; "
        f"je bundel is {thousands(bundle)} km per jaar."
    )
    if suggested > bundle:
        text = (
            f"{intro} De bundel van {thousands(suggested)} km past beter. Zonder aanpassing betaal je bij de "
            f"verrekening ongeveer {euros(settlement)} per contractjaar bij"
        )
        text += f" (12 x {euros(step_price)} per bundelstap)." if steps else "."
        if above_max:
            text += (
                f" Boven de grootste bundel van 30.000 km betaal je 10 cent per extra kilometer: ongeveer "
                f"{euros(MAX_BUNDLE_EXCESS_RATE * above_max)} per jaar."
            )
    elif suggested < bundle:
        text = (
            f"{intro} Een lagere bundel van {thousands(suggested)} km past beter; bij de verrekening "
            f"krijg je ongeveer "
            f"{euros(settlement)} per contractjaar terug (12 x {euros(step_price)} per bundelstap)."
        )
    else:
        text = f"{intro} Je blijft binnen je bundel; een aanpassing is niet nodig."
    return Projection(
        projected_yearly_km=projected,
        bundle_km=bundle,
        deviation_pct=deviation,
        bundle_change_advisable=suggested != bundle,
        suggested_bundle_km=suggested,
        estimated_settlement_eur=float(round(settlement, 2)),
        advice_text=text,
    )


def _project_nl(contract: Contract, projected: int, bundle: int, deviation: float) -> Projection:
    rate = contract.km_rate_eur or Decimal("0")
    settlement = Decimal(projected - bundle) * rate
    advisable = abs(deviation) >= NL_RECALCULATION_THRESHOLD_PCT
    suggested = min(100_000, max(5_000, math.ceil(projected / 1_000) * 1_000)) if advisable else bundle
    intro = (
        f"Aan dit tempo rijdt u ongeveer {thousands(projected)} km per jaar; uw contract gaat uit van "
        f"{thousands(bundle)} km per jaar ({deviation:+.1f} %)."
    ).replace(".0 %", " %")
    if advisable:
        text = (
            f"{intro} Bij een afwijking van 10 % of meer herberekenen wij de leaseprijs met "
            f"terugwerkende kracht "
            f"vanaf de startdatum. Wij raden aan het jaarkilometrage aan te passen naar {thousands(suggested)} km."
        )
    elif projected != bundle:
        direction = "bijbetalen" if settlement > 0 else "terugkrijgen"
        text = (
            f"{intro} De afwijking blijft onder 10 %: aan het einde van het contract verrekenen wij "
            f"de kilometers "
            f"tegen {euros(rate)} per km; u zou ongeveer {euros(settlement)} per contractjaar {direction}."
        )
    else:
        text = f"{intro} U rijdt precies volgens uw contract."
    return Projection(
        projected_yearly_km=projected,
        bundle_km=bundle,
        deviation_pct=deviation,
        bundle_change_advisable=advisable,
        suggested_bundle_km=suggested,
        estimated_settlement_eur=float(round(settlement, 2)),
        advice_text=text,
    )
