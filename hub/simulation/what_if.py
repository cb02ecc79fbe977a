"""What-if: a scenario or the hub's own office facing the forecast, or one more counter."""

from __future__ import annotations

from dataclasses import replace

from hub.config import Office
from hub.engine import Counter
from hub.simulation.forecast import WEEKDAYS, Forecast, arrivals_table
from hub.simulation.scenario import (
    CounterPlan,
    Scenario,
    ServiceDemand,
    SimulationSection,
    seconds_of,
)


def forecast_scenario(scenario: Scenario, forecast: Forecast, weekday: int) -> Scenario:
    """`scenario` with each service's arrivals (and priority share) taken from `forecast`.

    Services without history keep the scenario's own figures.
    """
    opens = int(seconds_of(scenario.sim.open) // 3600)
    closes = int(-(-seconds_of(scenario.sim.close) // 3600))
    services: dict[str, ServiceDemand] = {}
    for service_id, demand in scenario.sim.services.items():
        if service_id not in forecast.services():
            services[service_id] = demand
            continue
        table = list(arrivals_table(forecast, service_id, weekday, opens, closes))
        services[service_id] = demand.model_copy(update={
            "arrivals_per_hour": table,
            "priority_share": forecast.priority_share.get(service_id, demand.priority_share),
        })
    sim = scenario.sim.model_copy(update={"services": services})
    return replace(scenario, name=f"{scenario.name} (what-if: forecast arrivals)", sim=sim)


def office_scenario(office: Office, forecast: Forecast, weekday: int) -> Scenario:
    """The hub's own office facing the forecast's visitors, every counter staffed all day.

    What `nowserving simulate --what-if` plays when no scenario is given: the office file
    says who serves what, not who comes or when it opens, so the doors open at the first
    hour with arrivals expected and close after the last, and every counter is staffed
    from opening to closing whatever hours it is planned for: the question is what the
    office could do. Service times are each service's `expected_service_min` (lognormal,
    the simulator's default spread); nobody gives up.
    """
    ids = [s.id for s in office.config.services]
    hours = sorted({h for s in ids for h, _ in forecast.day(s, weekday)})
    if not hours:
        msg = f"no arrivals forecast on {WEEKDAYS[weekday]} for {', '.join(ids)}"
        raise ValueError(msg)
    opens, closes = hours[0], hours[-1] + 1
    services = {
        s.id: ServiceDemand(
            arrivals_per_hour=list(arrivals_table(forecast, s.id, weekday, opens, closes)),
            service_mean_min=s.expected_service_s / 60,
            priority_share=forecast.priority_share.get(s.id, 0.0))
        for s in office.config.services if forecast.day(s.id, weekday)
    }
    doors = (f"{opens:02d}:00", f"{closes:02d}:00")
    sim = SimulationSection(open=doors[0], close=doors[1], services=services, counters={
        c.id: CounterPlan(hours=[doors]) for c in office.config.counters})
    return Scenario(f"{office.config.site_name} (what-if: {WEEKDAYS[weekday]} forecast)",
                    "the office file's counters, all staffed all day", office, sim,
                    office.source)


def with_extra_counter(scenario: Scenario, spec: str) -> Scenario:
    """`scenario` with one more counter: `"general,payments@10:00-17:00"` (weights 1).

    Answers "what if I open another counter at 10:00?" without editing the office file.
    """
    skills_text, _, hours_text = spec.partition("@")
    skills = {s.strip(): 1.0 for s in skills_text.split(",") if s.strip()}
    config = scenario.office.config
    unknown = sorted(s for s in skills if config.service(s) is None)
    if not skills or unknown:
        known = ", ".join(s.id for s in config.services)
        raise ValueError(f"--extra-counter {spec!r}: give services among {known}")
    n = len(config.counters) + 1
    while config.counter(f"extra-{n}") is not None:
        n += 1
    counter = Counter(f"extra-{n}", f"X{n}", skills, name="what-if counter")
    hours = None
    if hours_text:
        start, _, end = hours_text.partition("-")
        hours = [(start.strip(), end.strip())]
    plan = CounterPlan.model_validate({"hours": hours})
    office = replace(scenario.office, config=replace(config, counters=(*config.counters,
                                                                         counter)))
    sim = scenario.sim.model_copy(update={"counters": {**scenario.sim.counters,
                                                       counter.id: plan}})
    return replace(scenario, name=f"{scenario.name} (+ counter {counter.number}: {spec})",
                   office=office, sim=sim)
