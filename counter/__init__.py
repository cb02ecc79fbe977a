"""The counter terminal (`nowserving counter`) and the headless keypad bridge."""
