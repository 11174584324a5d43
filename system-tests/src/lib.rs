//! Holds no code: the tests in `tests/` exercise the other crates together.
