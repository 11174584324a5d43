//! Checking a chart config against a chart-img plan before paying for a render.
