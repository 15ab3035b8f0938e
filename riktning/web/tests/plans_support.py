"""A small world for the mapping and action-plan pages: an adopted strategy version, an open and
a closed mapping round, activities of Socialförvaltningen and Bildningsförvaltningen, a draft and
an adopted action plan."""

import datetime
from decimal import Decimal

from riktning.actionplans import services as plan_services
from riktning.activities import services as activity_services
from riktning.strategy.models import Goal
from riktning.strategy.tests.factories import strategy_with_content

D = datetime.date


def plans_world(orgs) -> dict:
    version = strategy_with_content()
    goal = Goal.objects.get(area__version=version)
    social, bildning = orgs["social"], orgs["bildning"]
    open_round = activity_services.open_mapping_round(
        title="Föräldrastöd 2021",
        question="Vilket föräldrastöd finns?",
        last_day=D(2021, 11, 30),
        invited=[social, bildning],
        goals=[goal],
        version=version,
    )
    closed_round = activity_services.open_mapping_round(
        title="Lärande 2021",
        question="Vilka aktiviteter stöder lärandet?",
        last_day=D(2021, 10, 29),
        invited=[social, bildning],
        version=version,
    )
    social_activity = activity_services.report_activity(
        organiser=social,
        mapping_round=open_round,
        name="Föräldragrupper",
        target_group="Föräldrar till barn 0–5 år",
        participants=60,
        hours=Decimal("240.5"),
        cost_sek=Decimal(90000),
        goals=[goal],
    )
    bildning_activity = activity_services.report_activity(
        organiser=bildning, mapping_round=open_round, name="Föräldramöten", participants=400
    )
    public_activity = activity_services.report_activity(
        organiser=bildning, mapping_round=closed_round, name="Läxhjälp", participants=80
    )
    activity_services.close_mapping_round(closed_round)
    draft = plan_services.create_action_plan(version=version, year=2025)
    social_measure = plan_services.add_measure(
        draft,
        title="Föräldragrupper i alla kommundelar",
        responsible=social,
        hours=Decimal(400),
        cost_sek=Decimal(180000),
        start_date=D(2025, 1, 1),
        end_date=D(2025, 6, 30),
        goals=[goal],
    )
    bildning_measure = plan_services.add_measure(
        draft, title="Läsfrämjande plan", responsible=bildning, end_date=D(2040, 12, 31)
    )
    adopted = plan_services.create_action_plan(version=version, year=2024)
    adopted_measure = plan_services.add_measure(adopted, title="Kartlägga BVC", responsible=social)
    plan_services.adopt_action_plan(adopted, decision_date=D(2024, 2, 1))
    return {
        "version": version,
        "goal": goal,
        "open_round": open_round,
        "closed_round": closed_round,
        "social_activity": social_activity,
        "bildning_activity": bildning_activity,
        "public_activity": public_activity,
        "draft": draft,
        "adopted": adopted,
        "social_measure": social_measure,
        "bildning_measure": bildning_measure,
        "adopted_measure": adopted_measure,
    }
