//! One module per command. Each returns `Ok(())` or a [`Failure`] carrying its exit code.

pub mod audit;
mod backfill;
pub mod backtest;
mod import_csv;
pub mod ledger;
mod migrate;
mod serve;
mod signals;
mod users;

use std::process::ExitCode;

use crate::cli::{AuditCommand, Cli, Command, SignalsCommand, VerifyCommand};
use crate::config::{self, Config};

/// A command that did not succeed: one line for the operator and the exit code.
#[derive(Debug)]
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl Failure {
    /// Bad input: arguments, configuration, an unreachable database (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Self {
            code: 2,
            message: message.into(),
        }
    }

    /// The command ran and the answer is no (exit 1).
    pub fn failed(message: impl Into<String>) -> Self {
        Self {
            code: 1,
            message: message.into(),
        }
    }

    pub fn exit(self) -> ExitCode {
        // One line, whatever the cause chain contained.
        let line = self.message.replace(['\n', '\r'], " ");
        eprintln!("error: {line}");
        ExitCode::from(self.code)
    }
}

impl From<config::ConfigError> for Failure {
    fn from(e: config::ConfigError) -> Self {
        Self::usage(e.0)
    }
}

impl From<crate::app::StartError> for Failure {
    fn from(e: crate::app::StartError) -> Self {
        Self::usage(e.to_string())
    }
}

/// Runs the parsed command line.
pub async fn run(cli: Cli) -> Result<(), Failure> {
    let Some(command) = cli.command else {
        return Err(Failure::usage(
            "a command is required; see `harbinger --help`",
        ));
    };
    let load = || -> Result<config::Loaded, Failure> {
        let env = std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)));
        Ok(config::load(cli.config.as_deref(), env)?)
    };
    match command {
        Command::Serve => serve::run(load()?).await,
        Command::Migrate => migrate::run(load()?).await,
        Command::Users(cmd) => users::run(load()?, cmd).await,
        Command::Backfill(args) => backfill::run(load()?, args).await,
        Command::ImportCsv(args) => import_csv::run(load()?, args).await,
        Command::Signals(SignalsCommand::Run { symbols, json }) => {
            signals::run(load()?, &symbols, json).await
        }
        Command::Backtest(args) => backtest::run(load()?, args).await,
        Command::Ledger(VerifyCommand::Verify { file, json }) => {
            ledger::verify(load()?, file.as_deref(), json).await
        }
        Command::Audit(AuditCommand::Verify { json }) => audit::verify(load()?, json).await,
    }
}

/// Starts logging for a command and reports configuration warnings through it.
pub fn telemetry(loaded: &config::Loaded) -> Result<crate::telemetry::Telemetry, Failure> {
    let t = crate::telemetry::init(&loaded.config)?;
    for w in &loaded.warnings {
        tracing::warn!("{w}");
    }
    Ok(t)
}

/// Opens the database for a one-shot command.
pub async fn store(config: &Config) -> Result<harbinger_store::Store, Failure> {
    Ok(crate::app::open_store(config).await?)
}
