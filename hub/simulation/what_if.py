"""What-if: the scenario facing the forecast's visitors, or with one more counter."""

from __future__ import annotations

from dataclasses import replace

from hub.engine import Counter
from hub.simulation.forecast import Forecast, arrivals_table
from hub.simulation.scenario import CounterPlan, Scenario, ServiceDemand, seconds_of


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
