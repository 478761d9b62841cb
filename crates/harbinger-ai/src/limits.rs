//! Size limits of what goes to the model and what comes back.

/// Longest summary, in characters.
pub const MAX_SUMMARY_CHARS: usize = 1_200;
/// Most claims in a note.
pub const MAX_CLAIMS: usize = 8;
/// Longest claim text, in characters.
pub const MAX_CLAIM_CHARS: usize = 400;
/// Most sources of one claim.
pub const MAX_SOURCES_PER_CLAIM: usize = 5;
/// Longest citation URL kept.
pub const MAX_URL_CHARS: usize = 2_048;
/// Longest citation or document title; longer ones are cut.
pub const MAX_TITLE_CHARS: usize = 300;
/// Most documents in one request.
pub const MAX_DOCUMENTS: usize = 8;
/// Document text beyond this many characters is cut before it is sent (bounds prompt tokens).
pub const MAX_DOCUMENT_CHARS: usize = 8_000;
/// Answers larger than this are refused as malformed rather than buffered.
pub const MAX_BODY_BYTES: usize = 1 << 20;
/// Model content larger than this is rejected before it is parsed.
pub const MAX_CONTENT_BYTES: usize = 64 << 10;
