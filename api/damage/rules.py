"""Which damage carries a deductible and what the customer must do next, per the documents.

BE private lease (002, risk-retention annex 3.7 and FAQ 24): no deductible for glass, (attempted)
theft, fire, natural disasters and animal collisions (the latter only with a police report); theft and
burglary must be reported to the police within 24 hours. NL business lease (004, art. 8.13): the
deductible applies per claim and is refunded when it is recovered from another party.
"""

from api.customers.models import Contract
from api.damage.schemas import DamageKind

BE_NO_DEDUCTIBLE: set[DamageKind] = {
    "glass",
    "theft",
    "burglary",
    "attempted_theft",
    "fire",
    "animal",
    "natural_disaster",
}
POLICE_REPORT_REQUIRED: set[DamageKind] = {"theft", "burglary"}
POLICE_REPORT_ADVISED: set[DamageKind] = {
    "attempted_theft",
    "animal",
    "vandalism",
    "fire",
    "natural_disaster",
}


def deductible(contract: Contract, kind: DamageKind, other_party_involved: bool) -> tuple[bool, str]:
    if contract.product == "be_private_lease" and kind in BE_NO_DEDUCTIBLE:
        text = "Voor dit soort schade betaalt u geen eigen risico (franchise)."
        if kind == "animal":
            text = (
                "Voor een aanrijding met een dier betaalt u geen eigen risico, op voorwaarde dat "
                "u aangifte doet bij de politie."
            )
        return False, text
    text = (
        "Per schadegeval betaalt u het eigen risico (franchise) uit uw contract; is de schade "
        "lager, dan betaalt u enkel dat lagere bedrag."
    )
    if other_party_involved:
        text += " Kunnen wij de schade verhalen op de tegenpartij, dan krijgt u het eigen risico terug."
    return True, text


def next_steps(
    kind: DamageKind, other_party_involved: bool, accident_statement: bool | None, late_report: bool
) -> list[str]:
    steps = [
        "Bel bij een ongeval of diefstal meteen Driver Care op 078 150 600 (vanuit het buitenland +32 2 722 60 00)."
    ]
    if kind in POLICE_REPORT_REQUIRED:
        steps.append("Bezorg ons het originele attest van de politie met het nummer van het proces-verbaal.")
        if late_report:
            steps.append("Aangifte moet binnen 24 uur gebeuren; laat ons weten waarom dat niet lukte.")
    elif kind in POLICE_REPORT_ADVISED:
        steps.append("Doe aangifte bij uw lokale politie en bezorg ons het nummer van het proces-verbaal.")
    if other_party_involved and accident_statement is False:
        steps.append(
            "Vul samen met de tegenpartij een Europees aanrijdingsformulier in en bezorg het ons binnen 48 uur."
        )
    elif other_party_involved:
        steps.append("Bezorg ons het ingevulde Europees aanrijdingsformulier binnen 48 uur.")
    if kind not in ("theft",):
        steps.append("Laad foto's van de schade op (JPEG, PNG of HEIC, max. 10 MB per foto).")
    steps.append("Laat de schade enkel herstellen door een erkende hersteller; wij nemen contact met u op.")
    return steps
