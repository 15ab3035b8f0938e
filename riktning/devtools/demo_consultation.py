"""The demo's consultation round: the 2023 internal consultation (internremiss) on the revised
strategy 2024–2030, from the public source documents.

- The cover letter (missiv), its reply date (1 December 2023) and its contact address are from
  ../shared/seeds/001 (the text is joined where the PDF extraction broke lines).
- Recipients: the six committees, Trelleborgs Rådhus AB and AB TrelleborgsHem ("samtliga nämnder
  och bolag", as the letter says).
- Tekniska servicenämnden's statement is from ../shared/seeds/004: its administration's proposal
  to the committee, a positive position on the whole, with no comments on particular parts of the
  draft (so none are entered). The meeting date, paragraph and case number are not in the source
  and stay empty.
- Example data, not in the sources: the date the statement was received (set to the last reply
  date) — see RECEIVED_NOTE. The date the letter went out is not in the sources and stays empty.
- Every other recipient has no statement: the sources hold none, and none is invented.
- A draft proposal for a decision (förslag till beslut), so that `riktning report decision latest`
  works on the demo. The round's letter says the strategy goes to the council in February 2024;
  the proposal's wording, att-clauses and the list "Beslutet skickas till" are not in the sources
  and are labelled Exempeldata (DECISION_*).
"""

import datetime
from collections import Counter

from django.utils import timezone

from riktning.accounts.models import Organisation
from riktning.audit.services import record_event
from riktning.consultation.constants import Position, StatementStatus
from riktning.consultation.models import DecisionProposal, Recipient, Round, Statement
from riktning.consultation.services import save_decision_proposal
from riktning.strategy.models import Version

from .demo_titles import VERSION_2024_TITLE

ROUND_TITLE = "Internremiss, Strategi för social hållbarhet 2024–2030"
REPLY_BY = datetime.date(2023, 12, 1)
CONTACT = "hallbar.utveckling@trelleborg.se"
RECIPIENTS = [
    "Arbetsmarknadsnämnden",
    "Bildningsnämnden",
    "Kultur- och fritidsnämnden",
    "Samhällsbyggnadsnämnden",
    "Socialnämnden",
    "Tekniska servicenämnden",
    "Trelleborgs Rådhus AB",
    "AB TrelleborgsHem",
]

COVER_LETTER = [
    "Revidering, Strategi för social hållbarhet",
    "I samband med den senaste uppföljningen av strategi för social hållbarhet beslutade "
    "kommunfullmäktige den 22 maj 2023 att strategin ska revideras (§ 134). Ett syfte är att den "
    "ska fungera i enlighet med de kommungemensamma hållbarhetsmålen som nu är på remiss hos "
    "nämnderna (KS 2023/474) och vara ett strategiskt huvuddokument för kommunens arbete med "
    "social hållbarhet. Detta ska göra arbetet med planering, genomförande och uppföljning "
    "enklare, mer effektivt och kvalitativt samt motverka parallella uppföljningsprocesser vilket "
    "underlättar förvaltningarnas arbete och rapportering. Andra syften är att strategi för social "
    "hållbarhet ska omfatta fler grupper av kommuninvånare än tidigare strategi som endast "
    "inkluderade barn och unga, samt att mål och indikatorer ska stämma överens och fungera för "
    "att mäta utvecklingen.",
    "Enheten för hållbar utveckling har tagit fram ett förslag till kommunkoncernens strategi för "
    "social hållbarhet 2024-2030. Styrdokumentet skickas nu på remiss till samtliga nämnder och "
    "bolag. Förslaget till strategi för social hållbarhet ska behandlas av kommunfullmäktige i "
    "februari 2024.",
    "Strategi för social hållbarhet ska komplettera de kommunövergripande hållbarhetsmålen och "
    "konkretisera och fördjupa arbetet inom social hållbarhet för att uppnå hållbarhetsmålen. "
    "Remissversionen är av denna anledning formulerad som om hållbarhetsmålen vore antagna. "
    "Ändringar kan vara nödvändiga i detta styrdokument med hänsyn till synpunkter under "
    "remissrundan vad gäller det strategiska programmet Hållbarhetsmål 2024-2040 som ska "
    "behandlas av kommunfullmäktige i januari 2024.",
    "Planering, genomförande och uppföljning av strategi för social hållbarhet ska vara en "
    "integrerad del av processen som beskrivs i Hållbarhetsmål 2024-2040. Det görs därmed ingen "
    "separat uppföljningsprocess för detta styrdokument. Förslag till strategi för social "
    "hållbarhet innehåller därför inte heller några separata målformuleringar eller indikatorer "
    "utan fokuserar på hur kommunkoncernen ska arbeta inom social hållbarhet för att uppnå de "
    "övergripande hållbarhetsmålen.",
    "Det pågår i ett separat uppdrag en kartläggning av hur kommunkoncernen arbetar med dialog "
    "och kommuninvånarnas delaktighet och hur olika grupper av kommuninvånare är och önskar vara "
    "delaktiga i lokalsamhällets utveckling. Dessa frågor har därför inte inkluderats i "
    "föreliggande förslag till strategi för social hållbarhet. Strategin kommer att kompletteras "
    "under hösten 2024 enligt resultatet av detta uppdrag om demokratiutveckling.",
    "De tidigare utvecklingsområdena nedan har inarbetats i fyra områden som alla bidrar till att "
    "uppnå de kommunövergripande hållbarhetsmålen enligt följande:",
    "• Föräldrastöd inryms i området ”Stöd och relationer genom livet”\n"
    "• Samverkan kring barn och ungas lärande ingår i området ”Utbildning och sysselsättning”\n"
    "• En meningsfull fritid föreslås bli ”Meningsfull fritid och goda levnadsvanor”\n"
    "• Arbete åt alla och god framtidstro ingår i området ”Utbildning och sysselsättning”\n"
    "• Hållbara livsmiljöer föreslås bli ”Boende och närmiljö”\n"
    "• Lyssna på barn och unga inryms i det övergripande hållbarhetsmålet ”Kommuninvånares "
    "trygghet och delaktighet i det lokala samhället ska öka” och beskrivs närmare i avsnittet "
    "process för genomförande och uppföljning under rubriken barnrättsperspektiv.",
    "Vänligen notera att slutgiltig layout av dokumentet kommer att göras efter remissrundan.",
    "Svar önskas senast den 1 december 2023.",
    "Kontakta hallbar.utveckling@trelleborg.se vid eventuella frågor.",
    "Med vänlig hälsning\nLinn Ehde",
]

# Tekniska servicenämnden (seed 004): the administration's proposal and its assessment.
TEKNISKA = "Tekniska servicenämnden"
TEKNISKA_DECISION_BODY = "Tekniska servicenämnden"
TEKNISKA_SUMMARY = [
    "Tekniska Serviceförvaltningens förslag till beslut: Tekniska servicenämnden föreslås "
    "besluta att yttra sig i enlighet med förvaltningens förslag, att översända yttrandet till "
    "kommunstyrelsen som eget yttrande i ärendet.",
    "Tekniska serviceförvaltningen ser positivt på att man underlättar målarbetet i stort. Genom "
    "att lyfta ur de specifika effektmålen ur Strategi för social hållbarhet och istället låta "
    "strategin fungera i enlighet med de kommungemensamma hållbarhetsmålen (Hållbarhetsmål "
    "2024-2040) motverkar det parallella måluppföljningsprocesser, vilket underlättar "
    "förvaltningens arbete och rapportering.",
    "Vidare ser förvaltningen strategin som ett bra och lättöverskådligt komplement, i syfte att "
    "tydliggöra frågorna för ett djupare arbete inom social hållbarhet, till hållbarhetsmålen.",
]
RECEIVED_NOTE = (
    "Exempeldata: mottagningsdatum saknas i källdokumenten och är satt till sista svarsdag."
)


# The draft proposal for a decision: invented wording (Exempeldata), built on the letter's facts.
DECISION_SUMMARY = [
    "Exempeldata: sammanfattningen, att-satserna och sändlistan är påhittade för demonstrationen "
    "och finns inte i källdokumenten.",
    "Kommunfullmäktige beslutade den 22 maj 2023 (§ 134) att strategi för social hållbarhet ska "
    "revideras. Enheten för hållbar utveckling har tagit fram ett förslag till strategi för "
    "social hållbarhet 2024–2030 som har varit på internremiss hos samtliga nämnder och bolag "
    "med sista svarsdag den 1 december 2023. Förslaget ska behandlas av kommunfullmäktige i "
    "februari 2024.",
]
DECISION_TEXT = [
    "Exempeldata.",
    "Kommunstyrelsen föreslår kommunfullmäktige besluta",
    "att anta Strategi för social hållbarhet 2024–2030, och\n"
    "att Strategi för social hållbarhet 2024–2030 ersätter Strategi för social hållbarhet "
    "2021–2030.",
]
DECISION_SEND_TO = RECIPIENTS


def seed_decision_proposal(round: Round, counts: Counter) -> DecisionProposal:
    """The round's draft proposal for a decision (Exempeldata); idempotent."""
    existing = DecisionProposal.objects.filter(round=round).first()
    if existing is not None:
        return existing
    proposal = save_decision_proposal(
        round,
        by=None,
        summary="\n\n".join(DECISION_SUMMARY),
        text="\n\n".join(DECISION_TEXT),
        send_to=list(Organisation.objects.filter(name__in=DECISION_SEND_TO)),
        revision=0,
    )
    counts["consultation.DecisionProposal"] += 1
    return proposal


def seed_round(counts: Counter | None = None) -> Round | None:
    """The 2023 round on the 2024–2030 version, if that version exists; idempotent."""
    counts = counts if counts is not None else Counter()
    version = Version.objects.filter(title=VERSION_2024_TITLE).first()
    if version is None:
        return None
    round = Round.objects.filter(version=version, title=ROUND_TITLE).first()
    if round is not None:
        seed_decision_proposal(round, counts)
        return round
    round = Round(
        version=version,
        title=ROUND_TITLE,
        cover_letter="\n\n".join(COVER_LETTER),
        contact_email=CONTACT,
        reply_by=REPLY_BY,
    )
    round.full_clean()
    round.save()
    counts["consultation.Round"] += 1
    record_event("round_opened", round, round.title)
    for name in RECIPIENTS:
        organisation = Organisation.objects.get(name=name)
        Recipient.objects.create(round=round, organisation=organisation)
        counts["consultation.Recipient"] += 1

    received = timezone.make_aware(datetime.datetime.combine(REPLY_BY, datetime.time(12, 0)))
    statement = Statement(
        round=round,
        organisation=Organisation.objects.get(name=TEKNISKA),
        status=StatementStatus.SUBMITTED,
        position=Position.POSITIVE,
        decision_body=TEKNISKA_DECISION_BODY,
        summary="\n\n".join(TEKNISKA_SUMMARY),
        submitted_at=received,
        late=False,
    )
    statement.full_clean()
    statement.save()
    counts["consultation.Statement"] += 1
    record_event(
        "statement_received",
        statement,
        f"{statement}. {RECEIVED_NOTE}",
        organisation=TEKNISKA,
        position=statement.position,
        late=False,
    )
    seed_decision_proposal(round, counts)
    return round
