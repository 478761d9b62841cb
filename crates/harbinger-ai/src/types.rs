//! What goes in (a signal's facts, optional documents) and what comes out (a [`Note`]).

use serde::{Deserialize, Serialize};

/// One input of the signal's model and how much it weighed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Driver {
    /// The feature's name, e.g. `rsi_14`.
    pub name: String,
    /// The feature's value at the signal's bar.
    pub value: f64,
    /// Its weight in the model (signed).
    pub weight: f64,
}

/// The signal as Harbinger computed it. The note explains these facts; it never changes them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignalFacts {
    /// The instrument, e.g. `AAPL`.
    pub symbol: String,
    /// The strategy that emitted the signal.
    pub strategy: String,
    /// `"long"` or `"short"`.
    pub side: String,
    /// Entry price.
    pub entry: f64,
    /// Stop price.
    pub stop: f64,
    /// Target price.
    pub target: f64,
    /// How many bars the signal is meant to last.
    pub horizon_bars: u32,
    /// The model's probability, 0 to 1.
    pub confidence: f64,
    /// Open of the signal's bar, Unix seconds.
    pub bar_time: i64,
    /// The inputs that drove the signal.
    pub drivers: Vec<Driver>,
}

/// A document the model may read and cite (e.g. a news article). Untrusted: it is handed to the
/// model as data inside delimiters, never as instructions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceDoc {
    /// The document's title.
    pub title: String,
    /// Where it came from; must be `http` or `https`.
    pub url: String,
    /// Its text (cut to [`crate::limits::MAX_DOCUMENT_CHARS`]).
    pub text: String,
}

/// One call's input.
#[derive(Debug, Clone, PartialEq)]
pub struct NoteRequest {
    /// The signal to explain.
    pub facts: SignalFacts,
    /// Documents the model may cite, numbered 1..n in this order.
    pub documents: Vec<SourceDoc>,
    /// This call's cap on completion tokens (e.g. what is left of the user's budget); the
    /// smaller of this and the settings' `max_output_tokens` is sent.
    pub max_tokens: Option<u32>,
}

impl NoteRequest {
    /// A request with no documents and the settings' token cap.
    pub fn new(facts: SignalFacts) -> Self {
        Self {
            facts,
            documents: Vec::new(),
            max_tokens: None,
        }
    }

    /// Adds documents the model may cite.
    #[must_use]
    pub fn with_documents(mut self, documents: Vec<SourceDoc>) -> Self {
        self.documents = documents;
        self
    }

    /// Caps this call's completion tokens.
    #[must_use]
    pub fn with_max_tokens(mut self, max_tokens: u32) -> Self {
        self.max_tokens = Some(max_tokens);
        self
    }
}

/// A source a claim rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    /// An `http`/`https` URL of at most 2,048 characters.
    pub url: String,
    /// The source's title, when the provider or the request gave one.
    pub title: Option<String>,
}

/// One statement of the note and the sources behind it (possibly none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    /// Plain text (see the crate docs: render it as text, never as HTML or Markdown).
    pub text: String,
    /// The citations this claim rests on, resolved from the model's indices.
    pub sources: Vec<Citation>,
}

/// Tokens one call consumed, as the provider counted them (zero for the local researcher).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    /// Tokens of the request.
    pub prompt_tokens: u32,
    /// Tokens of the answer.
    pub completion_tokens: u32,
    /// What the provider bills (may exceed the sum, e.g. with reasoning tokens).
    pub total_tokens: u32,
}

/// A validated research note. Every string in it is plain text that passed the checks in
/// [`crate::validate`]; the note carries no price, stop, target or confidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    /// A short plain-text summary.
    pub summary: String,
    /// Statements with their sources.
    pub claims: Vec<Claim>,
    /// Every valid citation of the answer (cited by a claim or not).
    pub citations: Vec<Citation>,
    /// `local`, `perplexity` or `openai`.
    pub provider: String,
    /// The model that wrote it, as the provider named it.
    pub model: String,
    /// Tokens consumed by the call that produced it.
    pub usage: Usage,
}
