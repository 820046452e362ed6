//! The `koers` binary: parses the command line and hands it to the library.

use std::process::ExitCode;

use clap::Parser;

// Reading a year's files makes hundreds of thousands of small strings on
// every core; mimalloc serves them at a fraction of the system allocator's
// cost (benches/scale.sh).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    koers::cli::run(koers::cli::Cli::parse())
}
