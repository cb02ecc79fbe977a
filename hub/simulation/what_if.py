"""What-if: the scenario's office and clerks, facing the forecast's visitors instead."""

from __future__ import annotations

from dataclasses import replace

from hub.simulation.forecast import Forecast, arrivals_table
from hub.simulation.scenario import Scenario, ServiceDemand, seconds_of


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
