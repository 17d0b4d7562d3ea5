from datetime import date
from typing import Literal

from pydantic import Field

from api.schemas import Output

Source = Literal["tracker_store", "event_broker"]


class Period(Output):
    first: date = Field(serialization_alias="from", description="eerste dag (Brusselse tijd), inbegrepen")
    last: date = Field(serialization_alias="to", description="laatste dag (Brusselse tijd), inbegrepen")


class DocumentAnswers(Output):
    answered: int = Field(description="vragen beantwoord uit de documenten (outcome faq:answered)")
    clarified: int = Field(description="vragen waarop de bot vroeg 'Bedoelt u…?' (outcome faq:clarified)")
    declined: int = Field(description="vragen waarop de bot zei geen antwoord te hebben (outcome faq:declined)")
    answered_rate: float | None = Field(description="aandeel beantwoord van de drie samen")
    clarified_rate: float | None = Field(description="aandeel verduidelijkingen van de drie samen")
    declined_rate: float | None = Field(description="aandeel geweigerd van de drie samen")


class SlotFunnel(Output):
    slot: str = Field(description="de vraag van het formulier (naam van de slot)")
    asked: int = Field(description="aantal doorlopen van de flow waarin deze vraag gesteld werd")
    gave_up: int = Field(description="aantal niet voltooide doorlopen waarvan dit de laatst gestelde vraag was")


class FlowStats(Output):
    flow: str = Field(description="het formulier, voor request_form met het soort verzoek: request_form:iban_change")
    started: int = Field(description="aantal keer dat het formulier begon")
    completed: int = Field(description="voltooid: outcome <formulier>:completed volgde")
    cancelled: int = Field(description="gestopt: action_cancel_form liep terwijl het formulier actief was")
    handed_over: int = Field(description="naar een medewerker tijdens of meteen na het formulier")
    abandoned: int = Field(description="afgehaakt: de klant ging niet verder (al meer dan een uur niets)")
    in_progress: int = Field(description="nog bezig: het formulier staat open en de klant schreef het laatste uur nog")
    completion_rate: float | None = Field(description="voltooid / gestart")
    funnel: list[SlotFunnel] = Field(description="per vraag, in de volgorde waarin het formulier ze stelt")


class AnalyticsOut(Output):
    source: Source | None = Field(
        description="waar de gebeurtenissen vandaan komen: Rasa's SQL-tracker store, de event broker "
        "(RabbitMQ), of null als geen van beide ingesteld is (dan is alles nul)"
    )
    period: Period
    conversations: int = Field(description="gesprekken met minstens één bericht van de klant in de periode")
    handed_over: int = Field(description="van die gesprekken: overgedragen aan een medewerker (handoff_active)")
    containment_rate: float | None = Field(description="aandeel gesprekken zonder medewerker")
    document_answers: DocumentAnswers
    flows: list[FlowStats] = Field(description="per formulier, het vaakst gestarte eerst")
