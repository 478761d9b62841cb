//! Research notes: context for a Harbinger signal, written by a language model and treated as
//! untrusted input.
//!
//! Harbinger's own models compute every signal's side, entry, stop, target and confidence. A
//! research note only adds context: a short summary and claims linked to citations. The model
//! never sets a number of the signal, and nothing it writes is used before it has been checked.
//!
//! # Trust model
//!
//! * **The output is untrusted** (OWASP LLM05). The model's content must be exactly
//!   `{"summary": string, "claims": [{"text": string, "sources": [integer]}]}` — parsed with
//!   unknown fields denied, so an answer that adds `leak`, `entry` or `confidence` is
//!   [`AiError::Rejected`]. One surrounding ```` ```json ```` fence is tolerated. The summary is
//!   non-empty and at most 1,200 characters; at most 8 claims of at most 400 characters, each
//!   citing at most 5 sources by 1-based index into the answer's citation list
//!   ([`validate::citation_list`] states which list that is). Citation URLs must be `http` or
//!   `https` and at most 2,048 characters; invalid ones are dropped and a claim citing one is
//!   rejected. Rejection reasons are fixed phrases: they never quote the content.
//! * **Plain text only.** `\r\n` and `\r` become `\n` and tabs become spaces; any other
//!   control character, or a bidirectional override, rejects the note. This crate never
//!   produces HTML or Markdown, and renderers must treat every string of a [`Note`] as text
//!   (escaped on output), never as markup.
//! * **Prompt injection** (OWASP LLM01). The system prompt is a constant of the process; the
//!   signal's facts and any [`SourceDoc`] go only into the user message, inside `<signal>` and
//!   `<document index=… title=… url=…>` blocks in which every `&`, `<` and `>` is written as an
//!   entity, so a document cannot close its block. The system prompt tells the model that these
//!   blocks are data, not instructions. That instruction may fail; the output checks may not.
//! * **Leaks.** An answer is rejected if it contains the API key, this process's canary
//!   ([`prompt::canary`], embedded in the system prompt), a distinctive sentence of the system
//!   prompt, or a token shaped like a credential (`sk-…`, `pplx-…`, `sk_live_…`, `whsec_…`,
//!   `Bearer …`). Errors never carry the request or the key; upstream messages are scrubbed.
//! * **Consumption** (OWASP LLM10). Every call sends a `max_tokens` cap (the smaller of the
//!   settings' and the request's), documents are limited in number and length, answers above
//!   1 MiB are refused unread, and every note reports the provider's exact token usage. A call
//!   whose answer has no usage is [`AiError::Malformed`]: it could not be charged. A rejected
//!   answer still cost tokens: [`AiError::usage`] gives them. The per-user budget itself lives
//!   with the caller.
//! * **Transport.** Redirects are never followed; connect and total timeouts come from
//!   [`AiSettings`]; the key is sent only as a sensitive `Authorization` header.
//!
//! Reasoning models that refuse `max_tokens` or `temperature` (OpenAI's o-series) are not
//! supported: they answer HTTP 400, which is reported as a non-retryable [`AiError::Upstream`].
#![forbid(unsafe_code)]

mod client;
pub mod envelope;
mod error;
mod leak;
pub mod limits;
mod local;
pub mod prompt;
mod settings;
mod types;
pub mod validate;

pub use client::ChatResearcher;
pub use error::AiError;
pub use local::LocalResearcher;
pub use settings::{AiSettings, OPENAI_MODEL, PERPLEXITY_BASE_URL, PERPLEXITY_MODEL, ProviderKind};
pub use types::{Citation, Claim, Driver, Note, NoteRequest, SignalFacts, SourceDoc, Usage};

/// Whoever writes the notes: the local researcher or a chat-completions provider.
#[derive(Debug, Clone)]
pub enum Researcher {
    /// No network, no tokens.
    Local(LocalResearcher),
    /// Perplexity or an OpenAI-compatible endpoint.
    Chat(ChatResearcher),
}

impl Researcher {
    /// The researcher `settings` describe.
    pub fn new(settings: &AiSettings) -> Result<Self, AiError> {
        match settings.kind {
            ProviderKind::Local => Ok(Self::Local(LocalResearcher)),
            ProviderKind::Perplexity | ProviderKind::OpenAi => {
                ChatResearcher::new(settings).map(Self::Chat)
            }
        }
    }

    /// The local researcher.
    pub const fn local() -> Self {
        Self::Local(LocalResearcher)
    }

    /// A validated note for `req`.
    ///
    /// ```no_run
    /// # use harbinger_ai::{AiError, AiSettings, NoteRequest, Researcher, SignalFacts};
    /// # async fn demo(facts: SignalFacts, remaining_budget: u32) -> Result<(), AiError> {
    /// let researcher = Researcher::new(&AiSettings::default())?;
    /// let req = NoteRequest::new(facts).with_max_tokens(remaining_budget);
    /// match researcher.note(&req).await {
    ///     Ok(note) => { /* charge note.usage, store the note as JSON, show it as text */ }
    ///     Err(e) => { /* charge e.usage() if any; retry later if e.is_retryable() */ }
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn note(&self, req: &NoteRequest) -> Result<Note, AiError> {
        match self {
            Self::Local(_) => Ok(LocalResearcher::note(req)),
            Self::Chat(c) => c.note(req).await,
        }
    }
}
