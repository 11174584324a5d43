//! The stand-in over real HTTP on loopback: every rule a client relies on.

mod auth;
mod catalogue;
mod checks;
mod cli;
mod control;
mod faults;
mod limits;
mod render;
mod storage;
mod support;
