//! The command line, exactly as the contract names it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Harbinger: trading signals with calibrated confidence and a verifiable track record.
#[derive(Debug, Parser)]
#[command(name = "harbinger", version, propagate_version = true)]
pub struct Cli {
    /// Configuration file (TOML); environment variables HARBINGER_… override it.
    #[arg(long, global = true, env = "HARBINGER_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web app, the API, the WebSocket stream and the background jobs.
    Serve,
    /// Apply database migrations, then exit.
    Migrate,
    /// Fetch history from a market-data provider into the database.
    Backfill(BackfillArgs),
    /// Import daily bars from a CSV file (date,open,high,low,close,volume[,adj_close]).
    ImportCsv(ImportCsvArgs),
    /// Signal generation.
    #[command(subcommand)]
    Signals(SignalsCommand),
    /// Run a strategy over history and report its metrics.
    Backtest(BacktestArgs),
    /// The signal ledger.
    #[command(subcommand)]
    Ledger(VerifyCommand),
    /// The audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Accounts.
    #[command(subcommand)]
    Users(UsersCommand),
}

#[derive(Debug, Args)]
pub struct BackfillArgs {
    /// Provider: replay, yahoo, stooq, alphavantage or binance.
    #[arg(long)]
    pub provider: String,
    /// Comma-separated symbols, e.g. AAPL,MSFT.
    #[arg(long, value_delimiter = ',', required = true)]
    pub symbols: Vec<String>,
    /// First day, YYYY-MM-DD.
    #[arg(long)]
    pub from: Option<String>,
    /// Last day, YYYY-MM-DD.
    #[arg(long)]
    pub to: Option<String>,
    #[arg(long, default_value = "1d")]
    pub interval: String,
    /// Print a JSON summary instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ImportCsvArgs {
    /// The CSV file.
    pub file: PathBuf,
    #[arg(long)]
    pub symbol: String,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum SignalsCommand {
    /// Compute and publish signals now.
    Run {
        /// Comma-separated symbols (default: all with data).
        #[arg(long, value_delimiter = ',')]
        symbols: Vec<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Fill {
    /// At the next bar's open (no look-ahead).
    #[value(name = "next_open", alias = "next-open")]
    NextOpen,
    /// At the signal bar's close, as vectorised engines do.
    Close,
}

#[derive(Debug, Args)]
pub struct BacktestArgs {
    /// sma_cross, rsi_reversion, macd_trend, bollinger_breakout, donchian_breakout or ensemble.
    #[arg(long)]
    pub strategy: String,
    /// Comma-separated symbols (with --csv: which of the file's symbols; default all).
    #[arg(long, value_delimiter = ',')]
    pub symbols: Vec<String>,
    /// First day, YYYY-MM-DD.
    #[arg(long)]
    pub from: Option<String>,
    /// Last day, YYYY-MM-DD.
    #[arg(long)]
    pub to: Option<String>,
    /// Read bars from this CSV instead of the database: date,open,high,low,close,volume
    /// [,adj_close] (one symbol) or symbol,ts,open,high,low,close,volume (several).
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Fill at the next bar's open (default, no look-ahead) or at the signal bar's close.
    #[arg(long, value_enum, default_value = "next_open")]
    pub fill: Fill,
    /// Commission per side, in basis points of the traded amount.
    #[arg(long, value_name = "BPS", default_value_t = 0.0)]
    pub fees: f64,
    /// Slippage per side, in basis points.
    #[arg(long, value_name = "BPS", default_value_t = 0.0)]
    pub slippage: f64,
    /// Share of equity per position, in (0, 1].
    #[arg(long, default_value_t = 1.0)]
    pub size: f64,
    /// Strategy parameter, name=value (repeatable), e.g. --param fast=5.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// Strategy variants tried so far, for the deflated Sharpe ratio.
    #[arg(long, default_value_t = 1)]
    pub variants: u32,
    /// Print the report as JSON: `symbols` (per symbol) and `mean` (over symbols).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum VerifyCommand {
    /// Recompute the hash chain; exit 0 if intact, else name the first bad seq.
    Verify {
        /// A file holding what GET /api/v1/ledger returned (default: the database).
        #[arg(long, value_name = "F")]
        file: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Recompute the audit log's hash chain; exit 0 if intact, else name the first bad seq.
    Verify {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    User,
    Admin,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PlanArg {
    Free,
    Pro,
    Quant,
}

#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Create an account; the password is read from standard input.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, value_enum, default_value = "user")]
        role: RoleArg,
        #[arg(long)]
        json: bool,
    },
    /// Set an account's plan by hand.
    SetPlan {
        #[arg(long)]
        email: String,
        #[arg(long, value_enum)]
        plan: PlanArg,
        #[arg(long)]
        json: bool,
    },
}
