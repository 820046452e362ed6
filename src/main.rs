//! The `koers` binary: parses the command line and hands it to the library.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    koers::cli::run(koers::cli::Cli::parse())
}
