//! Integration tests: the real router and the real binary against the AWS emulator
//! (moto plus our extension, `end2end/emulator`), seeded with the demo scenarios
//! described in `end2end/emulator/SCENARIOS.md`.

mod cli;
mod harness;
mod lineage_api;
