"""Queue science: an office simulator on the real engine, predictors, forecasts, staffing.

Nothing here runs inside the hub; the hub uses only the engine's estimator
(`hub.engine.wait_model`), which this package measures. See docs/queue-science.md.
"""

from hub.simulation.scenario import Scenario, load_scenario, parse_scenario
from hub.simulation.simulator import OfficeSimulator, RunResult, TicketRecord

__all__ = [
    "OfficeSimulator",
    "RunResult",
    "Scenario",
    "TicketRecord",
    "load_scenario",
    "parse_scenario",
]
